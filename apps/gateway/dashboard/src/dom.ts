type Child = Node | string | null | undefined | false;
type Listeners = Partial<{ [E in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[E]) => void }>;
/** Attributes by name (true: present and empty; false or undefined: absent), and `on`, the listeners. */
type Attributes = {
  readonly on?: Listeners;
  readonly [name: string]: string | boolean | undefined | Listeners;
};

/**
 * An element with its attributes, listeners and children. Text is always set as text, never parsed as HTML,
 * so nothing an API returns can inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const { on, ...rest } = attributes;
  for (const [name, value] of Object.entries(rest as Record<string, string | boolean | undefined>)) {
    if (value === true) el.setAttribute(name, '');
    else if (typeof value === 'string') el.setAttribute(name, value);
  }
  for (const [type, listener] of Object.entries(on ?? {}))
    el.addEventListener(type, listener as EventListener);
  el.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes and children. */
export function svg(tag: string, attributes: Record<string, string>, ...children: Node[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

/** Replaces what an element holds. */
export function fill(target: Element, ...children: Child[]): void {
  target.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}
