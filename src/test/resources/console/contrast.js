// WCAG 2 contrast of every visible text on the page against its background; returns the texts below AA
// (4.5:1, or 3:1 for large text). Backgrounds are the nearest opaque background colour up the tree, else white.
// Disabled controls are exempt, as WCAG allows.
const parse = (color) => {
  const parts = color.match(/[\d.]+/g).map(Number);
  return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
};
const luminance = ({ r, g, b }) => {
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
};
const ratio = (one, two) => {
  const [light, dark] = [luminance(one), luminance(two)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
};
const background = (element) => {
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const color = parse(getComputedStyle(node).backgroundColor);
    if (color.a > 0.9) return color;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
};
const failures = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let text = walker.nextNode(); text; text = walker.nextNode()) {
  const element = text.parentElement;
  if (!text.textContent.trim() || !element || element.closest('[hidden], noscript, title, :disabled')) continue;
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) continue;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || style.display === 'none') continue;
  const inSvg = element instanceof SVGElement;
  const foreground = parse(inSvg ? style.fill : style.color);
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  const needed = large ? 3 : 4.5;
  const measured = ratio(foreground, background(inSvg ? element.closest('svg') : element));
  if (measured < needed) {
    failures.push(`${text.textContent.trim().slice(0, 40)}: ${measured.toFixed(2)} < ${needed}`);
  }
}
return failures;
