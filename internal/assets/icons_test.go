package assets

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// prepare prepares the project's web folder with a stand-in wasm
// (compiling the real one is the end-to-end tests' job).
func prepare(t *testing.T) *Folder {
	t.Helper()
	wasm := filepath.Join(t.TempDir(), "app.wasm")
	os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	web, err := Prepare("../../web", wasm, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return web
}

func TestIcons(t *testing.T) {
	web := prepare(t)
	for _, ic := range Icons {
		f, err := os.Open(filepath.Join(web.Dir, filepath.FromSlash(web.Names["/web/"+ic.Name])))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != ic.Size || cfg.Height != ic.Size {
			t.Errorf("%s: %dx%d (%v), want %dx%d", ic.Name, cfg.Width, cfg.Height, err, ic.Size, ic.Size)
		}
	}
}

// The maskable icon keeps its drawing inside the safe zone (the centred
// circle of 80% diameter): outside it, only the background colour.
func TestMaskableIconSafeZone(t *testing.T) {
	web := prepare(t)
	f, err := os.Open(filepath.Join(web.Dir, filepath.FromSlash(web.Names["/web/icon-maskable-512.png"])))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bg, _ := parseHex(ThemeColor)
	b := img.Bounds()
	c := float64(b.Dx()) / 2
	drawn := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			isBg := uint8(r>>8) == bg.R && uint8(g>>8) == bg.G && uint8(bl>>8) == bg.B
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-c
			if dx*dx+dy*dy > (0.4*float64(b.Dx()))*(0.4*float64(b.Dx())) && !isBg {
				t.Fatalf("pixel (%d,%d) outside the safe zone is not background", x, y)
			}
			if !isBg {
				drawn++
			}
		}
	}
	if drawn < b.Dx()*b.Dy()/10 {
		t.Errorf("only %d drawn pixels: the icon is nearly empty", drawn)
	}
}
