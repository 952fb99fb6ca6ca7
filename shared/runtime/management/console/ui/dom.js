// The only way the console builds markup: elements from tag names and text nodes from values.
// Nothing here ever parses a string as HTML, so a connector named `<img src=x onerror=...>` is shown
// as those characters, never as an element.

/**
 * Creates an element. `props`: `class`, `on<event>` handlers, `disabled`/`hidden`-style booleans,
 * other attributes as text. Children: nodes, or any other value, shown as text (null/false skipped).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** The in-app link to a connector (names are percent-encoded, never interpreted). */
export function connectorHref(name) {
  return `#/connector/${encodeURIComponent(name)}`;
}
