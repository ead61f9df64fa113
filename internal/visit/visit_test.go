package visit

import (
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
)

// The network log counts what the page's DevTools session reports.
func TestNetLog(t *testing.T) {
	n := netLog{urls: map[network.RequestID]string{}}
	for _, ev := range []any{
		&network.EventRequestWillBeSent{RequestID: "1", Request: &network.Request{URL: "http://127.0.0.1:1/"}},
		&network.EventRequestWillBeSent{RequestID: "2", Request: &network.Request{URL: "http://127.0.0.1:1/web/app.wasm"}},
		&network.EventRequestWillBeSent{RequestID: "3", Request: &network.Request{URL: "http://127.0.0.1:1/web/icon.png"}},
		&network.EventLoadingFinished{RequestID: "1", EncodedDataLength: 1000},
		&network.EventLoadingFinished{RequestID: "2", EncodedDataLength: 5000},
		&network.EventLoadingFailed{RequestID: "3", ErrorText: "net::ERR_FAILED"},
		&network.EventLoadingFailed{RequestID: "2", ErrorText: "net::ERR_ABORTED", Canceled: true}, // the page let it go
		&page.EventFrameNavigated{Frame: &cdp.Frame{URL: "http://127.0.0.1:1/"}},
		&page.EventFrameNavigated{Frame: &cdp.Frame{URL: "http://127.0.0.1:1/frame", ParentID: "main"}}, // an iframe
	} {
		n.onEvent(ev)
	}
	if n.bytes != 6000 {
		t.Errorf("bytes = %d, want 6000", n.bytes)
	}
	if want := []string{"http://127.0.0.1:1/web/icon.png (net::ERR_FAILED)"}; !slices.Equal(n.failed, want) {
		t.Errorf("failed = %q, want %q", n.failed, want)
	}
	if want := []string{"http://127.0.0.1:1/"}; !slices.Equal(n.navs, want) {
		t.Errorf("navigations = %q, want %q (main frame only)", n.navs, want)
	}
	n.reset()
	if n.bytes != 0 || n.failed != nil || n.navs != nil {
		t.Errorf("after reset: %d bytes, failed %q, navigations %q; want none", n.bytes, n.failed, n.navs)
	}
}

// The profiles are the ones the README's table names.
func TestProfiles(t *testing.T) {
	if Mobile.CPURate != 4 || Mobile.Throttle.Latency != 150 || Mobile.Throttle.DownloadThroughput != 200e3 || Mobile.Throttle.UploadThroughput != 93750 {
		t.Errorf("Mobile = %+v %+v, want 4× CPU, 150 ms, 1.6 Mbit/s (200 kB/s) down, 750 kbit/s up", Mobile, *Mobile.Throttle)
	}
	if CPU4.CPURate != 4 || CPU4.Throttle != nil || Desktop.CPURate != 1 || Desktop.Throttle != nil {
		t.Errorf("CPU4 = %+v, Desktop = %+v; want 4× CPU and 1× on an unthrottled network", CPU4, Desktop)
	}
}

func TestRunCounts(t *testing.T) {
	runs := []ColdRun{
		{First: Visit{Failed: []string{"b (x)"}}, Repeat: Visit{Controlled: true, Failed: []string{"a (x)"}}},
		{Repeat: Visit{Controlled: true, WasmServer: 1_490_000, Failed: []string{"b (x)"}}},
		{Repeat: Visit{}},
	}
	if got := Controlled(runs); got != "2/3" {
		t.Errorf("Controlled = %s, want 2/3", got)
	}
	if got := Refetched(runs); got != "1/3" {
		t.Errorf("Refetched = %s, want 1/3", got)
	}
	mobile := []Visit{{Failed: []string{"c (y)", "a (x)"}}}
	if got, want := Failures(runs, mobile), []string{"a (x)", "b (x)", "c (y)"}; !slices.Equal(got, want) {
		t.Errorf("Failures = %q, want %q (distinct, sorted)", got, want)
	}
	if got := Failures(nil, nil); len(got) != 0 {
		t.Errorf("Failures of nothing = %q, want none", got)
	}
}

func TestDescribe(t *testing.T) {
	got, err := describe("id: day1\ntitle: T\ndescription: 개념 정리\nlessons: []\n", "저장 1 ")
	if want := "id: day1\ntitle: T\ndescription: 저장 1 개념 정리\nlessons: []\n"; err != nil || got != want {
		t.Errorf("describe = %q, %v; want %q, nil", got, err, want)
	}
	if _, err := describe("id: day1\n", "저장 1 "); err == nil {
		t.Error("describe of a course without a description: no error")
	}
}
