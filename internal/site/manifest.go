package site

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"golesson/internal/assets"
)

// manifestInfo is what the manifest says of the site: a lesson's or a
// course's names.
type manifestInfo struct {
	Title, ShortName, Description, Lang string
}

// writeManifest replaces go-app's manifest, whose scope is always "/":
// relative start_url and scope keep the app installable under any sub-path,
// and the icons are listed with their purposes kept apart (an icon that is
// both "any" and "maskable" looks wrong in one of the two).
func writeManifest(dir string, l manifestInfo, res resources) error {
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose"`
	}
	var ics []icon
	for _, ic := range assets.Icons {
		purpose := "any"
		if ic.Maskable {
			purpose = "maskable"
		}
		ics = append(ics, icon{res.Resolve("/web/" + ic.Name), fmt.Sprintf("%dx%d", ic.Size, ic.Size), "image/png", purpose})
	}
	ics = append(ics, icon{res.Resolve("/web/icon.svg"), "any", "image/svg+xml", "any"})
	m := struct {
		ID              string `json:"id"`
		Name            string `json:"name"`
		ShortName       string `json:"short_name"`
		Description     string `json:"description"`
		Lang            string `json:"lang"`
		Dir             string `json:"dir"`
		StartURL        string `json:"start_url"`
		Scope           string `json:"scope"`
		Display         string `json:"display"`
		BackgroundColor string `json:"background_color"`
		ThemeColor      string `json:"theme_color"`
		Icons           []icon `json:"icons"`
	}{
		ID: "./", Name: l.Title, ShortName: l.ShortName, Description: l.Description,
		Lang: l.Lang, Dir: "ltr", StartURL: "./", Scope: "./", Display: "standalone",
		BackgroundColor: assets.BackgroundColor, ThemeColor: assets.ThemeColor, Icons: ics,
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "manifest.webmanifest"), append(b, '\n'), 0o644)
}
