//go:build !wasm

package app

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeNode is a small DOM for Adopt: the node properties and methods Adopt
// uses, recording what it changes. Nodes that mounting creates (outside
// wasm, go-app's stub values) show up as "new" nodes.
type fakeNode struct {
	value
	nodeType  int // 1 element, 3 text, 0 a node mounting made
	name, ns  string
	text      string
	attrs     map[string]string
	props     map[string]any
	parent    *fakeNode
	children  []*fakeNode
	listeners []string
	sets      []string // attributes and properties set, in order
}

func elem(name string, attrs map[string]string, children ...*fakeNode) *fakeNode {
	n := &fakeNode{nodeType: 1, name: name, ns: "http://www.w3.org/1999/xhtml", attrs: attrs, props: map[string]any{}}
	if n.attrs == nil {
		n.attrs = map[string]string{}
	}
	for _, c := range children {
		c.parent = n
	}
	n.children = children
	return n
}

func fakeText(s string) *fakeNode { return &fakeNode{nodeType: 3, text: s} }

// fakeScalar is a string, number or array a fakeNode property returns.
type fakeScalar struct {
	value
	s    string
	num  int
	null bool
	list []string
}

func (v fakeScalar) String() string {
	if v.null {
		return "<null>"
	}
	return v.s
}
func (v fakeScalar) Length() int        { return len(v.list) }
func (v fakeScalar) Index(i int) Value  { return fakeScalar{s: v.list[i]} }
func (v fakeScalar) Bool() bool         { return v.s == "true" }
func (v fakeScalar) Truthy() bool       { return !v.null }
func (v fakeScalar) Int() int           { return v.num }
func (n *fakeNode) Truthy() bool        { return n != nil }
func (n *fakeNode) JSValue() Value      { return n }
func (n *fakeNode) firstChild() Value   { return n.child(0) }
func (n *fakeNode) Set(p string, x any) { n.props[p] = x; n.sets = append(n.sets, p) }

func (n *fakeNode) child(i int) *fakeNode {
	if i < 0 || i >= len(n.children) {
		return nil
	}
	return n.children[i]
}

func (n *fakeNode) index() int {
	for i, c := range n.parent.children {
		if c == n {
			return i
		}
	}
	return -1
}

func (n *fakeNode) Get(p string) Value {
	switch p {
	case "nodeType":
		return fakeScalar{num: n.nodeType}
	case "localName":
		return fakeScalar{s: n.name}
	case "namespaceURI":
		return fakeScalar{s: n.ns}
	case "nodeValue":
		return fakeScalar{s: n.text}
	case "nextSibling":
		return n.parent.child(n.index() + 1)
	}
	panic("fakeNode: unexpected Get " + p)
}

func (n *fakeNode) Call(m string, args ...any) Value {
	switch m {
	case "getAttributeNames":
		var names []string
		for k := range n.attrs {
			names = append(names, k)
		}
		return fakeScalar{list: names}
	case "getAttribute":
		v, ok := n.attrs[args[0].(string)]
		return fakeScalar{s: v, null: !ok}
	case "setAttribute":
		n.attrs[args[0].(string)] = args[1].(string)
		n.sets = append(n.sets, args[0].(string))
		return nil
	case "removeAttribute":
		delete(n.attrs, args[0].(string))
		n.sets = append(n.sets, "-"+args[0].(string))
		return nil
	case "insertBefore":
		n.insert(asFake(args[0].(Wrapper)), args[1].(*fakeNode).index())
		return nil
	}
	panic("fakeNode: unexpected Call " + m)
}

// asFake returns the fake node behind w, or a "new" node for what
// mounting made.
func asFake(w Wrapper) *fakeNode {
	if f, ok := w.JSValue().(*fakeNode); ok {
		return f
	}
	return &fakeNode{}
}

func (n *fakeNode) insert(c *fakeNode, i int) {
	c.parent = n
	n.children = append(n.children[:i], append([]*fakeNode{c}, n.children[i:]...)...)
}

func (n *fakeNode) appendChild(c Wrapper) { n.insert(asFake(c), len(n.children)) }

func (n *fakeNode) replaceChild(new, old Wrapper) {
	i := old.JSValue().(*fakeNode).index()
	f := asFake(new)
	f.parent = n
	n.children[i] = f
}

func (n *fakeNode) removeChild(c Wrapper) {
	i := c.JSValue().(*fakeNode).index()
	n.children = append(n.children[:i], n.children[i+1:]...)
}

func (n *fakeNode) addEventListener(event string, fn Func, options map[string]any) {
	n.listeners = append(n.listeners, event)
}

// shape writes n's tree: tags, texts in quotes, and "new" for nodes that
// mounting made instead of adopting.
func (n *fakeNode) shape() string {
	switch n.nodeType {
	case 0:
		return "new"
	case 3:
		return `"` + n.text + `"`
	}
	var parts []string
	for _, c := range n.children {
		parts = append(parts, c.shape())
	}
	return n.name + "(" + strings.Join(parts, " ") + ")"
}

type adoptCompo struct {
	Compo
	mounted bool
}

func (c *adoptCompo) OnMount(Context) { c.mounted = true }
func (c *adoptCompo) Render() UI {
	return Section().Class("c").Body(H2().Text("title"), Text("body"))
}

func adopt(t *testing.T, ui UI, dom *fakeNode) UI {
	t.Helper()
	body := elem("body", nil, dom)
	var m nodeManager
	v, err := m.Adopt(makeTestContext(), 1, ui, body, dom)
	require.NoError(t, err)
	return v
}

func TestAdoptKeepsMatchingNodes(t *testing.T) {
	title := fakeText("hello")
	span := elem("span", map[string]string{"class": "x"}, title)
	div := elem("div", map[string]string{"id": "root"}, span, fakeText("tail"))

	v := adopt(t, Div().ID("root").Body(
		Span().Class("x").Text("hello").OnClick(func(Context, Event) {}),
		Text("tail"),
	), div)

	require.Equal(t, `div(span("hello") "tail")`, div.shape())
	require.Same(t, div, v.JSValue())
	spanUI := v.(HTML).body()[0].(HTML)
	require.Same(t, span, spanUI.JSValue())
	require.Same(t, title, spanUI.body()[0].JSValue())
	require.Equal(t, []string{"click"}, span.listeners, "handlers are attached to adopted nodes")
	require.Empty(t, div.sets, "equal attributes are not set again")
	require.Empty(t, span.sets)
}

func TestAdoptSetsAttributesThatDiffer(t *testing.T) {
	in := elem("input", map[string]string{"class": "old", "disabled": "", "data-x": "1", "value": "4"})

	adopt(t, Input().Class("new").Value("4"), in)

	require.Equal(t, map[string]string{"class": "new", "value": "4"}, in.attrs)
	require.Equal(t, "4", in.props["value"], "value is a property: always set")
	require.Contains(t, in.sets, "-disabled")
	require.Contains(t, in.sets, "-data-x")
}

func TestAdoptReplacesWhatDiffers(t *testing.T) {
	for _, tc := range []struct {
		name string
		ui   UI
		dom  *fakeNode
		want string
	}{
		{"another tag", Div().Body(Span(), P(), Text("b")),
			elem("div", nil, elem("span", nil), elem("div", nil), fakeText("b")), `div(span() new "b")`},
		{"another text", Div().Body(Text("a"), Span()),
			elem("div", nil, fakeText("x"), elem("span", nil)), `div(new span())`},
		{"more nodes in the page", Div().Body(Span()),
			elem("div", nil, elem("span", nil), fakeText("\n  "), elem("i", nil)), `div(span())`},
		{"fewer nodes in the page", Div().Body(Span(), Text("t"), B()),
			elem("div", nil, elem("span", nil)), `div(span() new new)`},
		{"an empty text, which has no markup", Div().Body(Text(""), Span()),
			elem("div", nil, elem("span", nil)), `div(new span())`},
		{"another namespace", Div().Body(Elem("svg").XMLNS("http://www.w3.org/2000/svg")),
			elem("div", nil, elem("svg", nil)), `div(new)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			adopt(t, tc.ui, tc.dom)
			require.Equal(t, tc.want, tc.dom.shape())
		})
	}
}

func TestAdoptComponent(t *testing.T) {
	h2 := elem("h2", nil, fakeText("title"))
	sec := elem("section", map[string]string{"class": "c"}, h2, fakeText("body"))
	c := &adoptCompo{}

	v := adopt(t, Div().Body(c), elem("div", nil, sec))

	require.True(t, c.Mounted())
	require.Same(t, sec, c.JSValue(), "the component's root is the prerendered node")
	require.Same(t, c, v.(HTML).body()[0])
	require.Equal(t, `section(h2("title") "body")`, sec.shape())
}

// A reloaded page's controls may hold what the browser restored; adopted,
// they hold what their attributes say, as newly made ones would.
func TestAdoptResetsFormState(t *testing.T) {
	box := elem("input", map[string]string{"type": "checkbox"})
	box.props["checked"] = true // restored by the browser
	opt1 := elem("option", nil, fakeText("a"))
	opt2 := elem("option", nil, fakeText("b"))
	opt2.props["selected"] = true
	sel := elem("select", nil, opt1, opt2)
	rng := elem("input", map[string]string{"type": "range", "value": "16"})
	rng.props["value"] = "28"

	adopt(t, Div().Body(
		Input().Type("checkbox"),
		Select().Body(Option().Text("a"), Option().Text("b")),
		Input().Type("range").Value("32"),
	), elem("div", nil, box, sel, rng))

	require.Equal(t, false, box.props["checked"])
	require.Equal(t, false, opt2.props["selected"])
	require.Equal(t, false, opt1.props["selected"])
	require.Equal(t, "32", rng.props["value"])
}
