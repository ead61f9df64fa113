package progress

import (
	"slices"
	"testing"

	"golesson/app/lesson"
)

func seedDetail(t *testing.T) (*lesson.Lesson, string, *lesson.DeeperCalc) {
	t.Helper()
	l := seedLesson(t)
	for _, s := range l.Sections {
		for i, b := range s.Blocks {
			if b.Calculator != nil && b.Calculator.Deeper != nil {
				return l, lesson.BlockID(s.ID, i), b.Calculator.Deeper
			}
		}
	}
	t.Fatal("the seed lesson has no calculator with a 자세히 mode")
	return nil, "", nil
}

// The 자세히 controls, one by one, as pure changes of the settings; input
// out of range changes nothing.
func TestDetailControls(t *testing.T) {
	l, id, cd := seedDetail(t)
	d := NewDeeper(cd, id, lesson.Progress{})
	if d.State.Rank != cd.DefaultRank || !slices.Equal(d.State.Modules, cd.DefaultModules) || d.State.Open {
		t.Fatalf("defaults %+v, want the content's, closed", d.State)
	}
	if !d.Toggle() || !d.State.Open {
		t.Error("Toggle did not open the panel")
	}
	for _, bad := range []string{"0", "-1", "x", "99999"} {
		if d.SetRank(bad) {
			t.Errorf("SetRank(%q) was taken", bad)
		}
	}
	if !d.SetRank("16") || d.State.Rank != 16 {
		t.Errorf("SetRank(16): rank %d", d.State.Rank)
	}
	if d.Choose("99") || d.Choose("x") {
		t.Error("a preset that does not exist was taken")
	}
	if !d.Choose("1") || d.State.Preset != 1 || d.Config() != cd.Presets[1].Config {
		t.Errorf("Choose(1): preset %d", d.State.Preset)
	}
	if d.SetField("hidden", "4096", false) {
		t.Error("a field was set on a preset")
	}
	if !d.Choose("custom") || d.State.Preset != -1 || d.Config() != cd.Presets[1].Config {
		t.Errorf("custom does not start from the model shown: %+v", d.State)
	}
	if !d.SetField("layers", "2", false) || d.Config().Layers != 2 {
		t.Errorf("SetField(layers, 2): %+v", d.Config())
	}
	if d.SetField("layers", "0", false) || d.Config().Layers != 2 {
		t.Errorf("SetField(layers, 0) was taken: %+v", d.Config())
	}
	if !d.SetField("tied", "", true) || !d.Config().TiedEmbeddings {
		t.Error("SetField(tied) did not tie the embeddings")
	}
	d.Target(lesson.AllModules[len(lesson.AllModules)-1], true)
	d.Target(lesson.AllModules[0], true)
	d.Target(lesson.AllModules[0], false)
	want := slices.DeleteFunc(slices.Clone(lesson.AllModules[:]), func(m lesson.Module) bool {
		return m == lesson.AllModules[0] || !slices.Contains(append(slices.Clone(cd.DefaultModules), lesson.AllModules[len(lesson.AllModules)-1]), m)
	})
	if !slices.Equal(d.State.Modules, want) {
		t.Errorf("modules %v, want %v in the usual order", d.State.Modules, want)
	}

	// Saved, the settings come back through the progress, as restored.
	tr := Open(l, NewMemoryStore(nil), Standalone{})
	tr.SetDeeper(id, d.State)
	back := Open(l, NewMemoryStore(map[string]string{lesson.ProgressKey(l.ID): tr.Progress().Encode()}), Standalone{})
	if got := NewDeeper(cd, id, back.Progress()); got.Config() != d.Config() || got.State.Rank != 16 || !got.State.Open {
		t.Errorf("restored settings %+v, want %+v", got.State, d.State)
	}
}
