// Evaluated in the page (as a string, so no build helper leaks in): the WCAG contrast ratio
// between the text colour of each element matching a selector and the background it is drawn
// on (the first opaque background up the tree, translucent ones blended over it).
(function contrastOf(selector) {
  function parse(c) {
    var m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    var p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function over(top, bottom) {
    var a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }
  function background(el) {
    var layers = [];
    for (var n = el; n; n = n.parentElement) {
      var c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    var base = { r: 255, g: 255, b: 255, a: 1 };
    var html = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (html && html.a >= 1) base = html;
    for (var i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  }
  function lum(c) {
    var f = function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  return Array.prototype.map.call(document.querySelectorAll(selector), function (el) {
    var bg = background(el);
    var fg = over(parse(getComputedStyle(el).color), bg);
    var a = lum(fg), b = lum(bg);
    return Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100;
  });
})
