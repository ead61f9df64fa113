package app

import (
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/errors"
)

// Adopting a prerendered page.
//
// Without this, the client's first Load mounts a whole new tree and
// replaces the prerendered one: every node is new, so the browser lays the
// page out and shapes its text a second time, and what had the focus or the
// caret loses it. Adopt instead walks the prerendered nodes beside the
// component tree and binds each UI element to the node the server wrote for
// it, when that node is what mounting the element would have created: a
// text node with the same value, an element with the same tag and
// namespace, a raw HTML node equal to the parsed markup. Attributes are then
// set to what the element holds (usually nothing changes) and event
// handlers attached. Anything that does not match is mounted as usual and
// put in place of the node it was compared with, so the result is always
// exactly the tree the components render.

// adoptSlice is how long adopting runs before it lets the browser have its
// turn (input, frames): a long page is then adopted in several tasks, none
// long. A page that is adopted in pieces looks the same meanwhile: the
// nodes are already there. 10 ms keeps each task short even where the CPU
// is four times slower than the one that measured it (Lighthouse's mobile
// profile counts every task four times as long and calls one over 50 ms
// blocking); the turns are cheap (see browserTurn), so short slices cost
// little.
const adoptSlice = 10 * time.Millisecond

// adoptSliceStart is when the current slice of adopting began.
var adoptSliceStart time.Time

// yieldIfLong lets the browser run when the current slice is over.
func yieldIfLong() {
	if !IsClient {
		return
	}
	if adoptSliceStart.IsZero() {
		adoptSliceStart = time.Now()
		return
	}
	if time.Since(adoptSliceStart) >= adoptSlice {
		browserTurn()
		adoptSliceStart = time.Now()
	}
}

// turnPort and turnDone carry browserTurn's message.
var (
	turnPort Value
	turnDone = make(chan struct{}, 1)
)

// browserTurn returns to the JavaScript event loop and resumes in a later
// task: it posts a message to itself and waits for it. Not a sleep: a timer
// set from a timer's callback is delayed to at least 4 ms once nested five
// deep, and every turn would then cost that much idle time.
func browserTurn() {
	if turnPort == nil {
		ch := Window().Get("MessageChannel").New()
		ch.Get("port1").Set("onmessage", FuncOf(func(Value, []Value) any {
			turnDone <- struct{}{}
			return nil
		}))
		turnPort = ch.Get("port2")
	}
	turnPort.Call("postMessage", nil)
	<-turnDone
}

// Adopt mounts v over n, an existing child node of parent (or nil when
// parent has no more children), reusing n and its descendants where they
// match what mounting v would create.
func (m nodeManager) Adopt(ctx Context, depth uint, v UI, parent, n Value) (UI, error) {
	ctx = m.context(ctx, v)

	switch v := v.(type) {
	case *text:
		if !v.Mounted() && isNode(n, textNode) && n.Get("nodeValue").String() == v.value {
			v.jsvalue = n
			return v, nil
		}

	case HTML:
		if !v.Mounted() && sameElement(n, v) {
			return m.adoptHTML(ctx, depth, v, n)
		}

	case Composer:
		return m.adoptComponent(ctx, depth, v, parent, n)

	case *raw:
		return m.adoptRawHTML(depth, v, parent, n)
	}
	return m.mountInPlace(ctx, depth, v, parent, n)
}

// mountInPlace mounts v and puts it where n is, or at the end of parent
// when n is nil.
func (m nodeManager) mountInPlace(ctx Context, depth uint, v UI, parent, n Value) (UI, error) {
	v, err := m.Mount(ctx, depth, v)
	if err != nil {
		return nil, err
	}
	if isNode(n, 0) {
		parent.replaceChild(v, n)
	} else {
		parent.appendChild(v)
	}
	return v, nil
}

func (m nodeManager) adoptHTML(ctx Context, depth uint, v HTML, n Value) (UI, error) {
	v = v.setJSElement(n)
	m.adoptHTMLAttributes(ctx, v)
	adoptFormState(v)
	m.mountHTMLEventHandlers(ctx, v)

	v = v.setDepth(depth).(HTML)
	children := v.body()
	node := n.firstChild()
	for i, child := range children {
		yieldIfLong()
		var err error
		if t, isText := child.(*text); isText && t.value == "" && !(isNode(node, textNode) && node.Get("nodeValue").String() == "") {
			// An empty text is encoded as nothing, so no node was written
			// for it: add one without consuming the next node.
			if child, err = m.Mount(ctx, depth+1, child); err == nil {
				if isNode(node, 0) {
					n.Call("insertBefore", child, node)
				} else {
					n.appendChild(child)
				}
			}
		} else {
			var next Value
			if isNode(node, 0) {
				next = node.Get("nextSibling")
			}
			child, err = m.Adopt(ctx, depth+1, child, n, node)
			node = next
		}
		if err != nil {
			return nil, errors.New("adopting child failed").
				WithTag("type", reflect.TypeOf(v)).
				WithTag("tag", v.Tag()).
				WithTag("depth", depth).
				WithTag("index", i).
				Wrap(err)
		}
		children[i] = child.setParent(v)
	}

	// Nodes the components do not render.
	for isNode(node, 0) {
		next := node.Get("nextSibling")
		n.removeChild(node)
		node = next
	}
	return v, nil
}

// adoptHTMLAttributes makes n's attributes those of v, touching only the
// ones that differ, so an adopted element keeps its style and layout.
// Attributes that go-app sets as DOM properties (value, checked, disabled,
// ...) are always set: the property is what counts, and setting it to the
// value it has does nothing visible.
func (m nodeManager) adoptHTMLAttributes(ctx Context, v HTML) {
	n := v.JSValue()
	attrs := v.attrs()

	names := n.Call("getAttributeNames")
	for i, l := 0, names.Length(); i < l; i++ {
		if name := names.Index(i).String(); !hasKey(attrs, name) {
			deleteJSAttribute(n, name)
		}
	}

	for name, value := range attrs {
		value = resolveAttributeURLValue(name, value, ctx.ResolveStaticResource)
		if !isPropertyAttribute(name) && n.Call("getAttribute", name).String() == value {
			continue
		}
		setJSAttribute(n, name, value)
	}
}

// adoptFormState gives an adopted form control the state a newly made one
// would have: the one its attributes say. Browsers restore what was typed,
// checked or chosen into a page's controls when it is reloaded (Firefox
// does, into the very nodes adopted here, matched by position); a control
// go-app mounts starts from its attributes only.
func adoptFormState(v HTML) {
	n := v.JSValue()
	attrs := v.attrs()
	is := func(name string) bool {
		b, _ := strconv.ParseBool(attrs[name])
		return b
	}
	switch v.Tag() {
	case "input":
		switch strings.ToLower(attrs["type"]) {
		case "checkbox", "radio":
			n.Set("checked", is("checked"))
		default:
			n.Set("value", attrs["value"])
		}
	case "option":
		n.Set("selected", is("selected"))
	}
}

func (m nodeManager) adoptComponent(ctx Context, depth uint, v Composer, parent, n Value) (UI, error) {
	if v.Mounted() {
		return nil, errors.New("component is already mounted").
			WithTag("parent-type", reflect.TypeOf(v.parent())).
			WithTag("type", reflect.TypeOf(v)).
			WithTag("depth", v.depth())
	}

	// As mountComponent, with the root adopted instead of mounted.
	v = v.setRef(v)
	v = v.setDepth(depth)

	if initializer, ok := v.(Initializer); ok {
		initializer.OnInit()
	}
	if mounter, ok := v.(Mounter); ok && IsClient {
		ctx.Dispatch(mounter.OnMount)
	}

	root, err := m.renderComponent(v)
	if err != nil {
		return nil, errors.New("rendering component failed").
			WithTag("type", reflect.TypeOf(v)).
			WithTag("depth", v.depth()).
			Wrap(err)
	}
	if root, err = m.Adopt(ctx, depth+1, root, parent, n); err != nil {
		return nil, errors.New("adopting component root failed").
			WithTag("type", reflect.TypeOf(v)).
			WithTag("depth", v.depth()).
			Wrap(err)
	}
	root = root.setParent(v)
	v = v.setRoot(root)
	return v, nil
}

// adoptRawHTML parses v as mounting does, and keeps n instead when the two
// are equal nodes (DOM isEqualNode: same names, attributes and children).
func (m nodeManager) adoptRawHTML(depth uint, v *raw, parent, n Value) (UI, error) {
	mounted, err := m.mountRawHTML(depth, v)
	if err != nil {
		return nil, err
	}
	v = mounted.(*raw)
	if isNode(n, 0) && v.jsElement.Truthy() && n.Call("isEqualNode", v.jsElement).Bool() {
		v.jsElement = n
		return v, nil
	}
	if isNode(n, 0) {
		parent.replaceChild(v, n)
	} else {
		parent.appendChild(v)
	}
	return v, nil
}

// DOM node types (Node.nodeType).
const (
	elementNode = 1
	textNode    = 3
)

// isNode reports whether n is a DOM node, of the given type unless it is 0.
func isNode(n Value, nodeType int) bool {
	if n == nil || !n.Truthy() {
		return false
	}
	return nodeType == 0 || n.Get("nodeType").Int() == nodeType
}

// sameElement reports whether n is the element mounting v would create:
// same local name and namespace.
func sameElement(n Value, v HTML) bool {
	if !isNode(n, elementNode) || n.Get("localName").String() != v.Tag() {
		return false
	}
	ns := v.XMLNamespace()
	if ns == "" {
		ns = "http://www.w3.org/1999/xhtml"
	}
	return n.Get("namespaceURI").String() == ns
}

func hasKey(attrs attributes, name string) bool {
	_, ok := attrs[name]
	return ok
}

// isPropertyAttribute reports the attributes setJSAttribute sets as DOM
// properties.
func isPropertyAttribute(name string) bool {
	switch name {
	case "value", "contenteditable", "ismap", "readonly",
		"async", "autofocus", "autoplay", "checked", "default", "defer",
		"disabled", "hidden", "loop", "multiple", "muted", "open",
		"required", "reversed", "selected":
		return true
	}
	return false
}
