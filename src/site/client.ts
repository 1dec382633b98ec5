/**
 * The site's one stylesheet and one script, as strings (so the generator needs no asset files, and the single-file
 * site can hash the exact bytes it inlines for its Content-Security-Policy).
 *
 * The script reads data only from JSON (`JSON.parse` of `<script type="application/json">` islands, or of the search
 * index file's JSON), and writes schema text only with `textContent`: nothing from the schema ever becomes markup or
 * code in the browser. It does: search (lazy-loaded index), pan/zoom and clickable tables on diagrams, the lint filter,
 * and — in the single-file site — the page router (pages are inert `<template>`s) and the schema.json download.
 */

export const SITE_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --side: #f6f8fa; --accent: #0550ae; --err: #b3261e; --warn: #9a6700; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header.top { position: sticky; top: 0; z-index: 5; display: flex; gap: 16px; align-items: center; padding: 8px 16px; background: var(--side); border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 600; color: var(--fg); text-decoration: none; }
nav.main { display: flex; gap: 12px; flex-wrap: wrap; }
nav.main a { color: var(--accent); text-decoration: none; }
.search { position: relative; margin-left: auto; }
.search input { width: 320px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
.search ol { position: absolute; right: 0; top: 100%; width: 520px; max-height: 70vh; overflow: auto; margin: 4px 0 0; padding: 0; list-style: none; background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 8px 24px rgba(0,0,0,.12); }
.search ol:empty { display: none; }
.search li a { display: block; padding: 4px 10px; color: var(--fg); text-decoration: none; border-bottom: 1px solid #eef1f4; }
.search li a:hover, .search li a:focus { background: #eaf2ff; outline: none; }
.search .kind { display: inline-block; min-width: 62px; color: var(--muted); font-size: 12px; }
.search .ctx { display: block; color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
main { padding: 16px 24px 48px; max-width: 1280px; }
h1 { font-size: 24px; margin: 8px 0 4px; word-break: break-word; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.sub { color: var(--muted); margin: 0 0 12px; }
.comment { white-space: pre-wrap; word-break: break-word; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; word-break: break-word; }
th { background: var(--side); word-break: normal; }
code, pre { font: 12.5px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { background: var(--side); padding: 8px 12px; border-radius: 6px; overflow: auto; white-space: pre-wrap; word-break: break-word; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.sev-error, .v-leak, .rejected { color: var(--err); font-weight: 600; }
.sev-warning, .v-inconclusive { color: var(--warn); font-weight: 600; }
.sev-info { color: var(--muted); }
.v-proven, .accepted { color: var(--ok); font-weight: 600; }
.filters { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.pager { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
.pager .here { font-weight: 600; }
figure.diagram { margin: 12px 0; border: 1px solid var(--line); border-radius: 8px; position: relative; }
figure.diagram figcaption { padding: 4px 10px; color: var(--muted); border-bottom: 1px solid var(--line); }
figure.diagram svg { display: block; width: 100%; height: 60vh; cursor: grab; touch-action: none; user-select: none; }
figure.diagram svg.dragging { cursor: grabbing; }
figure.diagram g[data-table], figure.diagram g[data-diagrams] { cursor: pointer; }
.zoom { position: absolute; right: 8px; top: 34px; display: flex; gap: 4px; }
.zoom button { font: inherit; width: 28px; height: 28px; border: 1px solid var(--line); background: #fff; border-radius: 4px; cursor: pointer; }
.empty { color: var(--muted); }
.matrix td { text-align: center; }
.matrix td:first-child { text-align: left; }
`;

export const SITE_JS = `(function () {
  'use strict';
  var html = document.documentElement;
  var single = html.getAttribute('data-mode') === 'single';
  var root = html.getAttribute('data-root') || '';

  function href(path, frag) {
    if (single) return '#/' + path + (frag ? '#' + frag : '');
    return root + path + (frag ? '#' + frag : '');
  }
  function readJson(el) { return el ? JSON.parse(el.textContent || 'null') : null; }

  // ---- single-file router: each page is an inert template element (data-page = its path), shown on #/path
  var content = document.getElementById('content');
  function show() {
    var h = decodeURIComponent(location.hash || '');
    if (h.indexOf('#/') !== 0) { if (h === '' || h === '#') h = '#/index.html'; else return; }
    var rest = h.slice(2);
    var cut = rest.indexOf('#');
    var path = cut < 0 ? rest : rest.slice(0, cut);
    var frag = cut < 0 ? '' : rest.slice(cut + 1);
    var tpls = document.querySelectorAll('template[data-page]');
    var tpl = null;
    for (var i = 0; i < tpls.length; i++) if (tpls[i].getAttribute('data-page') === path) { tpl = tpls[i]; break; }
    if (!tpl) return;
    while (content.firstChild) content.removeChild(content.firstChild);
    content.appendChild(document.importNode(tpl.content, true));
    var title = tpl.getAttribute('data-title');
    if (title) document.title = title;
    enhance(content);
    var target = frag ? document.getElementById(frag) : null;
    if (target) target.scrollIntoView(); else window.scrollTo(0, 0);
  }

  // ---- search
  var input = document.getElementById('search');
  var results = document.getElementById('search-results');
  var index = null;
  var KINDS = { t: 'table', c: 'column', v: 'view', f: 'function', p: 'policy', e: 'enum', d: 'domain', y: 'type' };
  function prepare(data) {
    index = data;
    index.lower = data.items.map(function (it) { return it[1].toLowerCase(); });
    index.lowerCtx = data.items.map(function (it) { return it[2].toLowerCase(); });
    if (input.value) run();
  }
  function load() {
    if (index || load.started) return;
    load.started = true;
    var island = document.getElementById('search-index');
    if (island) { prepare(readJson(island)); return; }
    var s = document.createElement('script');
    s.src = root + 'assets/search-index.js';
    s.onload = function () { prepare(window.SCHEMAPROOF_SEARCH); };
    document.head.appendChild(s);
  }
  function run() {
    while (results.firstChild) results.removeChild(results.firstChild);
    var q = input.value.trim().toLowerCase();
    if (!index || q === '') return;
    var hits = [];
    for (var i = 0; i < index.items.length && hits.length < 2000; i++) {
      var n = index.lower[i];
      var score = n === q ? 0 : n.indexOf(q) === 0 ? 1 : n.indexOf(q) >= 0 ? 2 : index.lowerCtx[i].indexOf(q) >= 0 ? 3 : -1;
      if (score >= 0) hits.push([score, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    hits.slice(0, 50).forEach(function (h) {
      var it = index.items[h[1]];
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = href(index.pages[it[3]], it[4]);
      var k = document.createElement('span'); k.className = 'kind'; k.textContent = KINDS[it[0]] || it[0];
      var nm = document.createElement('span'); nm.className = 'name'; nm.textContent = it[1];
      var cx = document.createElement('span'); cx.className = 'ctx'; cx.textContent = it[2];
      a.appendChild(k); a.appendChild(nm); a.appendChild(cx);
      a.addEventListener('click', function () { while (results.firstChild) results.removeChild(results.firstChild); });
      li.appendChild(a);
      results.appendChild(li);
    });
  }
  if (input && results) {
    input.addEventListener('focus', load);
    input.addEventListener('input', function () { load(); run(); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { var first = results.querySelector('a'); if (first) { location.href = first.href; first.click(); } }
      if (e.key === 'Escape') { input.value = ''; run(); }
      if (e.key === 'ArrowDown') { var a = results.querySelector('a'); if (a) { e.preventDefault(); a.focus(); } }
    });
    results.addEventListener('keydown', function (e) {
      var li = e.target.closest ? e.target.closest('li') : null;
      if (!li) return;
      var next = e.key === 'ArrowDown' ? li.nextElementSibling : e.key === 'ArrowUp' ? li.previousElementSibling : null;
      if (e.key === 'ArrowUp' && !next) { e.preventDefault(); input.focus(); return; }
      if (next) { e.preventDefault(); next.querySelector('a').focus(); }
    });
  }

  // ---- diagrams: wheel zoom, drag pan, click a table
  function diagram(fig) {
    var svg = fig.querySelector('svg');
    if (!svg || fig.getAttribute('data-ready')) return;
    fig.setAttribute('data-ready', '1');
    var links = readJson(fig.querySelector('script.diagram-links')) || { tables: {}, diagrams: {} };
    var vbText = svg.getAttribute('viewBox') || '0 0 100 100';
    var vb0 = vbText.split(/[ ,]+/).map(Number);
    var vb = vb0.slice();
    function set() { svg.setAttribute('viewBox', vb.join(' ')); }
    function zoom(f, cx, cy) {
      var w = vb[2] * f, h = vb[3] * f;
      if (w < vb0[2] / 40 || w > vb0[2] * 8) return;
      vb = [cx - (cx - vb[0]) * f, cy - (cy - vb[1]) * f, w, h];
      set();
    }
    function point(e) {
      var r = svg.getBoundingClientRect();
      var s = Math.max(vb[2] / r.width, vb[3] / r.height);
      var ox = (r.width * s - vb[2]) / 2, oy = (r.height * s - vb[3]) / 2;
      return [vb[0] - ox + (e.clientX - r.left) * s, vb[1] - oy + (e.clientY - r.top) * s, s];
    }
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = point(e);
      zoom(e.deltaY < 0 ? 0.8 : 1.25, p[0], p[1]);
    }, { passive: false });
    var drag = null, moved = false;
    svg.addEventListener('pointerdown', function (e) { drag = [e.clientX, e.clientY, vb[0], vb[1]]; moved = false; });
    svg.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var dx = e.clientX - drag[0], dy = e.clientY - drag[1];
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) { moved = true; svg.classList.add('dragging'); svg.setPointerCapture(e.pointerId); }
      var s = point(e)[2];
      vb[0] = drag[2] - dx * s; vb[1] = drag[3] - dy * s; set();
    });
    function end() { drag = null; svg.classList.remove('dragging'); }
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('click', function (e) {
      if (moved) { moved = false; return; }
      var g = e.target.closest ? e.target.closest('g[data-table], g[data-diagrams]') : null;
      if (!g) return;
      var t = g.getAttribute('data-table');
      var d = (g.getAttribute('data-diagrams') || '').split(' ')[0];
      var to = t ? links.tables[t] : d ? links.diagrams[d] : null;
      if (to) location.href = href(to);
    });
    var bar = document.createElement('div');
    bar.className = 'zoom';
    [['+', function () { zoom(0.8, vb[0] + vb[2] / 2, vb[1] + vb[3] / 2); }],
     ['\\u2212', function () { zoom(1.25, vb[0] + vb[2] / 2, vb[1] + vb[3] / 2); }],
     ['\\u21ba', function () { vb = vb0.slice(); svg.setAttribute('viewBox', vbText); }]].forEach(function (b) {
      var btn = document.createElement('button');
      btn.type = 'button'; btn.textContent = b[0]; btn.addEventListener('click', b[1]);
      bar.appendChild(btn);
    });
    fig.appendChild(bar);
  }

  // ---- lint filter
  function lintFilter(scope) {
    var sev = scope.querySelector('#lint-severity');
    var rule = scope.querySelector('#lint-rule');
    if (!sev || !rule) return;
    function apply() {
      var rows = scope.querySelectorAll('tr[data-rule]');
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var ok = (sev.value === '' || rows[i].getAttribute('data-severity') === sev.value) && (rule.value === '' || rows[i].getAttribute('data-rule') === rule.value);
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      var count = scope.querySelector('#lint-count');
      if (count) count.textContent = String(shown);
    }
    sev.addEventListener('change', apply);
    rule.addEventListener('change', apply);
  }

  // ---- single-file schema.json download
  function download(scope) {
    var btn = scope.getElementById('download-schema');
    var data = document.getElementById('schema-json');
    if (!btn || !data) return;
    btn.addEventListener('click', function () {
      var url = URL.createObjectURL(new Blob([JSON.parse(data.textContent || '""')], { type: 'application/json' }));
      var a = document.createElement('a');
      a.href = url; a.download = 'schema.json';
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  function enhance(scope) {
    var figs = scope.querySelectorAll('figure.diagram');
    for (var i = 0; i < figs.length; i++) diagram(figs[i]);
    lintFilter(scope);
  }

  download(document);
  if (single) { window.addEventListener('hashchange', show); show(); } else enhance(document);
})();
`;
