package assets

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// Icon is one raster icon the build writes into web/.
type Icon struct {
	Name     string // file name in web/, before fingerprinting
	Size     int    // width and height in pixels
	Maskable bool   // drawn inside the safe zone on a full-bleed background
}

// Icons are rasterized from the one source icon.svg. The maskable icon keeps
// the drawing inside the central safe zone on a full-bleed background, as
// launchers crop it to a circle or squircle.
var Icons = []Icon{
	{"icon-192.png", 192, false},
	{"icon-512.png", 512, false},
	{"icon-maskable-512.png", 512, true},
}

func writeIcons(svg, dir string) error {
	src, err := os.ReadFile(svg)
	if err != nil {
		return err
	}
	for _, ic := range Icons {
		b, err := rasterize(src, ic.Size, ic.Maskable)
		if err != nil {
			return fmt.Errorf("%s: %w", svg, err)
		}
		if err := os.WriteFile(filepath.Join(dir, ic.Name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func rasterize(svg []byte, size int, maskable bool) ([]byte, error) {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg), oksvg.StrictErrorMode)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	off, w := 0.0, float64(size)
	if maskable {
		// The safe zone is the centred circle of 80% diameter; a square of
		// 56% fits inside it with its rounded corners.
		bg, _ := parseHex(ThemeColor)
		draw.Draw(img, img.Bounds(), &image.Uniform{bg}, image.Point{}, draw.Src)
		w = float64(size) * 0.56
		off = (float64(size) - w) / 2
	}
	icon.SetTarget(off, off, w, w)
	icon.Draw(rasterx.NewDasher(size, size, rasterx.NewScannerGV(size, size, img, img.Bounds())), 1)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func parseHex(s string) (color.RGBA, error) {
	var c color.RGBA
	c.A = 255
	_, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B)
	return c, err
}
