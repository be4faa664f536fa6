/* kg graph page: draws the view with vis-network, then adds the legend toggles,
   the search box, the side panel and the hover highlight.
   Every string that comes from the papers is put on the page with textContent
   (or as a plain-text vis tooltip, which vis-network sets with innerText),
   never as HTML. */
(function () {
  "use strict";

  var startedAt = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var info = data.info;
  var names = data.names;
  var styles = data.styles;
  // Labels of nodes outside a highlighted neighbourhood vanish, halo and all.
  var FONT = { color: "#26303a", strokeColor: "#ffffff" };
  var FADED_FONT = { color: "rgba(0,0,0,0)", strokeColor: "rgba(255,255,255,0)" };
  var page = { ready: false, readyAt: null, stabilizedAt: null, startedAt: startedAt, parsedAt: performance.now() };
  window.kgPage = page;

  // --- small DOM helpers ----------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function swatch(type) {
    var style = styles[type] || ["#999999", "dot"];
    var s = el("span", "kg-swatch kg-" + style[1]);
    s.style.backgroundColor = style[0];
    return s;
  }
  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }
  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // --- what we know about each node ------------------------------------------
  function typeOf(id) {
    var d = info[id];
    if (d) return d.kind === "entity" ? d.type : d.kind;
    return names[id] ? names[id][1] : "";
  }
  function nameOf(id) {
    var d = info[id];
    if (d) return d.kind === "entity" ? d.name : d.kind === "paper" ? d.title : (d.url || d.label);
    return names[id] ? names[id][0] : id;
  }
  var linksOf = {};
  var sentenceOf = {};
  data.links.forEach(function (l) {
    var from = l[0], to = l[1], relation = l[2], sentence = l[3];
    sentenceOf[from + "\u0000" + to + "\u0000" + relation] = sentence;
    if (info[from]) (linksOf[from] = linksOf[from] || []).push({ other: to, relation: relation, sentence: sentence, out: true });
    if (info[to]) (linksOf[to] = linksOf[to] || []).push({ other: from, relation: relation, sentence: sentence, out: false });
  });

  // Edge tooltips (plain text) from the link table, so evidence is written once.
  var VERB = { introduces: "introduces", uses: "uses", variant_of: "is a variant of", has_code: "has code at" };
  data.vis.edges.forEach(function (e) {
    var sentence = sentenceOf[e.from + "\u0000" + e.to + "\u0000" + e.relation];
    var text = nameOf(e.from) + "\n" + (VERB[e.relation] || e.relation) + " " + nameOf(e.to);
    if (sentence) text += "\n\u201c" + sentence + "\u201d";
    e.title = text;
  });

  // --- the network ----------------------------------------------------------
  var container = document.getElementById("kg-network");
  var loading = document.getElementById("kg-loading");
  var nodes = new vis.DataSet(data.vis.nodes);
  var edges = new vis.DataSet(data.vis.edges);
  page.drawingAt = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.vis.options);
  page.networkAt = performance.now();
  page.network = network;
  page.nodes = nodes;
  page.edges = edges;

  function markReady() {
    loading.hidden = true;
    network.once("afterDrawing", function () {
      page.readyAt = performance.now();
      page.ready = true;
      document.body.setAttribute("data-ready", "true");
    });
    network.redraw();
  }
  if (nodes.length === 0) {
    loading.textContent = "Nothing to draw in this view.";
    page.ready = true;
    page.readyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  } else {
    // Stabilise once, within the iteration cap, then stop: a still graph is easier to read and costs no CPU.
    network.once("stabilizationIterationsDone", function () {
      page.stabilizedAt = performance.now();
      network.setOptions({ physics: { enabled: false } });
      markReady();
    });
  }

  // --- hover and selection highlight ----------------------------------------
  var dimmedNodes = new Set();
  var dimmedEdges = new Set();
  var pinned = null;
  function highlight(centre) {
    var keepNodes = null, keepEdges = null;
    if (centre !== null && nodes.get(centre)) {
      keepNodes = new Set(network.getConnectedNodes(centre));
      keepNodes.add(centre);
      keepEdges = new Set(network.getConnectedEdges(centre));
    }
    var nodeUpdates = [];
    nodes.getIds().forEach(function (id) {
      var dim = keepNodes !== null && !keepNodes.has(id);
      if (dim === dimmedNodes.has(id)) return;
      if (dim) dimmedNodes.add(id); else dimmedNodes.delete(id);
      nodeUpdates.push({ id: id, opacity: dim ? 0.25 : 1, font: dim ? FADED_FONT : FONT });
    });
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var dim = keepEdges !== null && !keepEdges.has(e.id);
      if (dim === dimmedEdges.has(e.id)) return;
      if (dim) dimmedEdges.add(e.id); else dimmedEdges.delete(e.id);
      edgeUpdates.push({ id: e.id, color: { color: data.edgeStyle[e.relation] || "#b4bcc6", opacity: dim ? 0.08 : 1 } });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }
  network.on("hoverNode", function (params) { highlight(params.node); });
  network.on("blurNode", function () { highlight(pinned); });
  network.on("click", function (params) {
    if (params.nodes.length) {
      pinned = params.nodes[0];
      showPanel(pinned);
      highlight(pinned);
    } else if (!params.edges.length) {
      pinned = null;
      closePanel();
      highlight(null);
    }
  });

  // --- legend: one toggle per type --------------------------------------------
  var hiddenTypes = new Set();
  function setTypeShown(type, shown) {
    if (shown) hiddenTypes.delete(type); else hiddenTypes.add(type);
    var updates = nodes.get({ filter: function (n) { return n.group === type; } })
      .map(function (n) { return { id: n.id, hidden: !shown }; });
    nodes.update(updates);
    var box = document.querySelector('#kg-legend input[data-type="' + type + '"]');
    if (box) box.checked = shown;
  }
  (function buildLegend() {
    var legend = document.getElementById("kg-legend");
    legend.appendChild(el("h2", null, "Show"));
    data.legend.forEach(function (entry) {
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-type", entry.type);
      box.addEventListener("change", function () { setTypeShown(entry.type, box.checked); });
      label.appendChild(box);
      label.appendChild(swatch(entry.type));
      label.appendChild(el("span", null, entry.type));
      label.appendChild(el("span", "kg-count", entry.count.toLocaleString("en")));
      legend.appendChild(label);
    });
    var present = new Set(data.vis.edges.map(function (e) { return e.relation; }));
    var lines = el("div", "kg-edges");
    [["introduces", "introduces", ""], ["uses", "uses", " kg-thin"],
     ["variant_of", "variant of", " kg-thin kg-dashed"], ["has_code", "has code", " kg-thin kg-dashed"]]
      .forEach(function (r) {
        if (!present.has(r[0])) return;
        var row = el("div", "kg-edge");
        var line = el("span", "kg-line" + r[2]);
        line.style.borderTopColor = data.edgeStyle[r[0]];
        row.appendChild(line);
        row.appendChild(el("span", null, r[1]));
        lines.appendChild(row);
      });
    if (lines.childNodes.length) legend.appendChild(lines);
  })();

  // --- side panel -----------------------------------------------------------
  var panel = document.getElementById("kg-panel");
  var panelBody = document.getElementById("kg-panel-body");
  function closePanel() {
    panel.hidden = true;
    panelBody.textContent = "";
  }
  document.getElementById("kg-panel-close").addEventListener("click", function () {
    pinned = null;
    closePanel();
    network.unselectAll();
    highlight(null);
  });
  function nodeRef(id) {
    var wrap = el("span");
    if (info[id]) {
      var button = el("button", "kg-link", nameOf(id));
      button.type = "button";
      button.addEventListener("click", function () { select(id); });
      wrap.appendChild(button);
    } else {
      wrap.appendChild(el("span", "kg-plain", nameOf(id)));
    }
    var type = typeOf(id);
    if (type && type !== "paper") wrap.appendChild(el("span", "kg-type", type));
    return wrap;
  }
  function section(title, items, more, hint, noun) {
    var total = items.length + (more || 0);
    if (!total) return;
    panelBody.appendChild(el("h3", null, title + " (" + total.toLocaleString("en") + ")"));
    var list = el("ul");
    items.sort(function (a, b) { return nameOf(a.other).localeCompare(nameOf(b.other)); });
    items.forEach(function (item) {
      var li = el("li");
      li.appendChild(nodeRef(item.other));
      if (item.sentence) li.appendChild(el("blockquote", null, item.sentence));
      list.appendChild(li);
    });
    panelBody.appendChild(list);
    if (more) panelBody.appendChild(el("p", "kg-more", "and " + plural(more, "more " + (noun || "paper")) + " not drawn" + (hint ? "; " + hint : "")));
  }
  // A word a shell reads as one argument, as Python's shlex.quote writes it: GSM8K, 'instruction tuning'.
  function shellWord(text) {
    return /^[\w@%+=:,.\/-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\"'\"'") + "'";
  }
  function linksWhere(id, relation, out) {
    return (linksOf[id] || []).filter(function (l) { return l.relation === relation && l.out === out; });
  }
  function showPanel(id) {
    var d = info[id];
    if (!d) return;
    panelBody.textContent = "";
    var kind = el("div", "kg-kind");
    kind.appendChild(swatch(typeOf(id)));
    kind.appendChild(el("span", null, typeOf(id) + (d.kind === "entity" && !d.named ? " \u00b7 general term" : "")));
    panelBody.appendChild(kind);
    panelBody.appendChild(el("h2", null, nameOf(id)));
    if (d.kind === "paper") {
      var meta = [];
      if (d.arxiv_id) meta.push("arXiv " + d.arxiv_id);
      if (d.date) meta.push(d.date);
      if (d.authors && d.authors.length) meta.push(d.authors.join(", "));
      if (meta.length) panelBody.appendChild(el("p", "kg-meta", meta.join(" \u00b7 ")));
      var href = safeUrl(d.url) || (d.arxiv_id && /^[\w.\/-]+$/.test(d.arxiv_id) ? "https://arxiv.org/abs/" + d.arxiv_id : null);
      if (href) {
        var p = el("p", "kg-meta");
        var a = el("a", null, href);
        a.href = href;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        p.appendChild(a);
        panelBody.appendChild(p);
      }
      if (d.abstract) panelBody.appendChild(el("p", "kg-abstract", d.abstract));
      section("Introduces", linksWhere(id, "introduces", true));
      section("Uses", linksWhere(id, "uses", true));
      section("Code", linksWhere(id, "has_code", true));
    } else if (d.kind === "entity") {
      if (d.aliases && d.aliases.length) panelBody.appendChild(el("p", "kg-meta", "also: " + d.aliases.join(", ")));
      var more = d.more || {};
      var hint = "kg viz --focus " + shellWord(d.name) + " draws them all";
      section("Introduced by", linksWhere(id, "introduces", false), more.introduces, hint);
      section("Used by", linksWhere(id, "uses", false), more.uses, hint);
      section("Variant of", linksWhere(id, "variant_of", true));
      section("Variants", linksWhere(id, "variant_of", false), more.variant_of, hint, "variant");
    } else {
      var url = safeUrl(d.url);
      if (url) {
        var link = el("a", null, url);
        link.href = url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        var line = el("p", "kg-meta");
        line.appendChild(link);
        panelBody.appendChild(line);
      }
      section("Code of", linksWhere(id, "has_code", false), (d.more || {}).has_code, "");
    }
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  // --- search ---------------------------------------------------------------
  var index = Object.keys(info).map(function (id) {
    var d = info[id];
    var forms = d.kind === "entity" ? [d.name].concat(d.aliases || [])
      : d.kind === "paper" ? [d.title, d.arxiv_id, id.replace(/^paper:/, "")]
      : [d.url, d.label];
    var node = nodes.get(id);
    return {
      id: id,
      forms: forms.filter(Boolean).map(function (f) { return f.toLowerCase(); }),
      weight: node && node.value ? node.value : 0
    };
  });
  function find(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    index.forEach(function (entry) {
      var best = 9;
      entry.forms.forEach(function (f) {
        var rank = f === q ? 0 : f.indexOf(q) === 0 ? 1 : f.indexOf(" " + q) >= 0 || f.indexOf("-" + q) >= 0 ? 2 : f.indexOf(q) >= 0 ? 3 : 9;
        if (rank < best) best = rank;
      });
      if (best < 9) hits.push([best, -entry.weight, nameOf(entry.id), entry.id]);
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    return hits.slice(0, 12).map(function (h) { return h[3]; });
  }
  function select(id) {
    if (!info[id]) return false;
    var type = typeOf(id);
    if (hiddenTypes.has(type)) setTypeShown(type, true);
    pinned = id;
    network.selectNodes([id]);
    // Fit the node and its neighbours, but no closer than life size, so labels stay readable.
    var around = network.getConnectedNodes(id).filter(function (n) { return !hiddenTypes.has(typeOf(n)); });
    network.fit({ nodes: [id].concat(around), maxZoomLevel: 1.0, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    showPanel(id);
    highlight(id);
    return true;
  }
  page.find = find;
  page.select = select;

  var input = document.getElementById("kg-search-input");
  var results = document.getElementById("kg-results");
  var current = [];
  var active = -1;
  function renderResults() {
    results.textContent = "";
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!current.length) {
      var none = el("li", "kg-empty", data.complete ? "no match" : "no match among the drawn nodes");
      results.appendChild(none);
    }
    current.forEach(function (id, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.appendChild(swatch(typeOf(id)));
      li.appendChild(el("span", "kg-name", nameOf(id)));
      li.appendChild(el("span", "kg-type", typeOf(id)));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function choose(id) {
    results.hidden = true;
    input.value = nameOf(id);
    select(id);
  }
  input.addEventListener("input", function () {
    current = find(input.value);
    active = current.length ? 0 : -1;
    renderResults();
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!current.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      renderResults();
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (!current.length) current = find(input.value);
      if (current.length) choose(current[Math.max(active, 0)]);
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });
  input.addEventListener("focus", function () { if (input.value.trim()) renderResults(); });
})();
