package jsapi

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The page's scripts and the app name each global the same way: the table
// in web/contract.js holds exactly the names declared here, and no other
// script spells a name the table holds (each refers to it through the
// table), so a rename is made in two places, one per side.
func TestContractMatchesTheScripts(t *testing.T) {
	b, err := os.ReadFile("../../web/contract.js")
	if err != nil {
		t.Fatal(err)
	}
	js := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(\w+): "([^"]+)",`).FindAllStringSubmatch(string(b), -1) {
		js[m[1]] = m[2]
	}
	want := map[string]string{
		"store": StoreGlobal, "lms": LMSGlobal, "early": EarlyGlobal, "mounted": MountedGlobal,
		"applyUpdate": ApplyUpdateGlobal, "checkForUpdate": CheckForUpdateGlobal, "onUpdate": OnUpdateGlobal,
		"warmData":   WarmDataGlobal,
		"lessonData": LessonData, "courseData": CourseData,
	}
	for k, v := range want {
		if js[k] != v {
			t.Errorf("web/contract.js: %s is %q, want %q as in contract.go", k, js[k], v)
		}
	}
	for k := range js {
		// Names only the page's scripts share (no Go side).
		if _, ok := want[k]; !ok && k != "mountedEvent" && k != "layOut" {
			t.Errorf("web/contract.js declares %s, which contract.go lacks", k)
		}
	}
	if len(js) < len(want) {
		t.Fatalf("read %d names from web/contract.js, want at least %d", len(js), len(want))
	}

	scripts, err := os.ReadDir("../../web")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range scripts {
		name := e.Name()
		if !strings.HasSuffix(name, ".js") || name == "contract.js" || name == "embed.js" {
			continue // embed.js runs on the LMS's page, not the lesson's
		}
		b, err := os.ReadFile("../../web/" + name)
		if err != nil {
			t.Fatal(err)
		}
		code := regexp.MustCompile(`(?m)//.*$`).ReplaceAllString(string(b), "")
		for k, v := range js {
			if strings.Contains(code, `"`+v+`"`) || strings.Contains(code, "window."+v) {
				t.Errorf("web/%s spells %s itself, want lessonContract.%s", name, v, k)
			}
		}
	}
}
