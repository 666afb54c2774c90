// Evaluated in the page (as a string, so no build helper leaks in): the WCAG contrast ratio
// between the text colour of each element matching a selector and the background it is drawn
// on (the first opaque background up the tree, translucent ones blended over it). With `details`,
// one record per element instead: the ratio, its text, class and both colours, for a report.
(function contrastOf(selector, details) {
  function parse(c) {
    // color-mix() computes to color(srgb r g b / a), channels 0..1.
    var s = c.match(/color\(srgb ([^)]+)\)/);
    if (s) {
      var q = s[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return { r: q[0] * 255, g: q[1] * 255, b: q[2] * 255, a: q.length > 3 ? q[3] : 1 };
    }
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
    var ratio = Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100;
    if (!details) return ratio;
    var hex = function (c) { return '#' + [c.r, c.g, c.b].map(function (v) { return ('0' + Math.round(v).toString(16)).slice(-2); }).join(''); };
    return { ratio: ratio, text: (el.textContent || '').trim().slice(0, 40), cls: el.getAttribute('class') || el.tagName.toLowerCase(), fg: hex(fg), bg: hex(bg) };
  });
})
