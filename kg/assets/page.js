/* kg graph page: draws the view with vis-network, then adds the legend toggles,
   the search box (over every entity, paper and repository of the graph, drawn or not),
   the side panel and the hover highlight.
   Every string that comes from the papers is put on the page with textContent
   (or as a plain-text vis tooltip, which vis-network sets with innerText),
   never as HTML. */
(function () {
  "use strict";

  var startedAt = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var info = data.info;
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
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
  }
  function outLink(href) {
    var a = el("a", null, href);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    var p = el("p", "kg-meta");
    p.appendChild(a);
    return p;
  }
  function arxivUrl(arxivId) {
    return arxivId && /^[\w.\/-]+$/.test(arxivId) ? "https://arxiv.org/abs/" + arxivId : null;
  }
  // As kg.page_index.short_text and kg.page._paper_label: a title's head before its colon, else its first words.
  function shorten(text, width) {
    text = String(text).split(/\s+/).filter(Boolean).join(" ");
    if (text.length <= width) return text;
    var cut = text.slice(0, width - 1);
    if (cut.indexOf(" ") >= 0) cut = cut.slice(0, cut.lastIndexOf(" "));
    return cut.replace(/[,;:.]+$/, "") + "\u2026";
  }
  function paperLabel(title) {
    var text = String(title).split(/\s+/).filter(Boolean).join(" ");
    var colon = text.indexOf(":");
    var head = colon >= 0 ? text.slice(0, colon).trim() : "";
    if (head && text.slice(colon + 1).trim() && head.length <= data.paperLabel.chars &&
        data.paperLabel.genres.indexOf(head.toLowerCase()) < 0) return head;
    return shorten(text, data.paperLabel.chars);
  }

  // --- what we know about each node ------------------------------------------
  // Drawn nodes are in `info`; the entities, papers and repositories the view leaves out come
  // as rows by type (kg/page_index.py) in their own script element, read the first time one
  // is asked for, so that a large index costs the page's loading nothing but its bytes.
  var undrawn = null;
  function undrawnNodes() {
    if (undrawn === null) {
      var rows = JSON.parse(document.getElementById("kg-undrawn").textContent);
      undrawn = new Map();
      Object.keys(rows).forEach(function (group) {
        var type = group.replace(/^general /, ""), general = type !== group;
        rows[group].forEach(function (row) {
          if (type === "paper") {
            undrawn.set("paper:" + row[0], { type: type, name: row[1], count: row[2], aliases: [],
                                             arxiv: row.length > 3 ? row[3] : row[0] });
          } else if (type === "repository") {
            undrawn.set("repo:" + row[0], { type: type, name: row.length > 2 ? row[2] : "https://" + row[0],
                                            count: row[1], aliases: [] });
          } else {
            undrawn.set("entity:" + row[0], { type: type, name: row[1], count: row[2], aliases: row.slice(3),
                                              general: general });
          }
        });
      });
    }
    return undrawn;
  }
  function undrawnNode(id) {
    return undrawnNodes().get(id);
  }
  function typeOf(id) {
    var d = info[id];
    if (d) return d.kind === "entity" ? d.type : d.kind;
    var u = undrawnNode(id);
    return u ? u.type : "";
  }
  function nameOf(id) {
    var d = info[id];
    if (d) return d.kind === "entity" ? d.name : d.kind === "paper" ? d.title : (d.url || d.label);
    var u = undrawnNode(id);
    return u ? u.name : id;
  }
  // An entity that is not a name ("accuracy"), drawn or not: its panel says so.
  function isGeneral(id) {
    var d = info[id];
    if (d) return d.kind === "entity" && !d.named;
    var u = undrawnNode(id);
    return !!(u && u.general);
  }
  // A repository's label, as kg.page._label: its URL without the scheme, shortened.
  function repoLabel(url) {
    var scheme = url.indexOf("://");
    return shorten(scheme >= 0 ? url.slice(scheme + 3) : url, data.repoLabelChars);
  }
  // A word a shell reads as one argument, as Python's shlex.quote writes it: GSM8K, 'instruction tuning'.
  function shellWord(text) {
    return /^[\w@%+=:,.\/-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\"'\"'") + "'";
  }
  // What `kg viz --focus` finds a node by: an entity's name, a paper's or a repository's id
  // without its prefix (see kg.page_index.focus_words).
  function vizCommand(id) {
    var type = typeOf(id), bare = id.replace(/^[a-z]+:/, "");
    var word = data.focus[id] || (type === "paper" || type === "repository" ? bare : nameOf(id));
    var file = bare.replace(/[^\w.-]+/g, "-") + ".html";
    return "kg viz --focus " + shellWord(word) + " -o " + file;
  }
  var linksOf = {};
  var linkOf = {};
  data.links.forEach(function (l) {
    var from = l[0], to = l[1], relation = l[2], sentence = l[3], confidence = l[4];
    linkOf[from + "\u0000" + to + "\u0000" + relation] = { sentence: sentence, confidence: confidence };
    (linksOf[from] = linksOf[from] || []).push({ other: to, relation: relation, sentence: sentence,
                                                 confidence: confidence, out: true });
    (linksOf[to] = linksOf[to] || []).push({ other: from, relation: relation, sentence: sentence,
                                             confidence: confidence, out: false });
  });
  // A link's confidence is the estimated chance that it is right.
  function confidenceText(confidence) {
    return "confidence " + confidence.toFixed(2);
  }

  // Edge tooltips (plain text) from the link table, so evidence is written once.
  var VERB = { introduces: "introduces", uses: "uses", variant_of: "is a variant of",
               broader: "is narrower than", has_code: "has code at" };
  function edgeTitle(from, to, relation) {
    var link = linkOf[from + "\u0000" + to + "\u0000" + relation] || {};
    var text = nameOf(from) + "\n" + (VERB[relation] || relation) + " " + nameOf(to);
    if (typeof link.confidence === "number") text += " (" + confidenceText(link.confidence) + ")";
    return link.sentence ? text + "\n\u201c" + link.sentence + "\u201d" : text;
  }
  data.vis.edges.forEach(function (e) { e.title = edgeTitle(e.from, e.to, e.relation); });

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
    function ready() {
      page.readyAt = performance.now();
      page.ready = true;
      document.body.setAttribute("data-ready", "true");
    }
    // vis-network fits the view before it has measured the labels. A small view, drawn with
    // its labels, is fitted again once they are measured, so that none is cut at the edges.
    network.once("afterDrawing", function () {
      if (!data.roomy) return ready();
      network.once("afterDrawing", ready);
      network.fit();
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
  function isDrawn(id) {
    return nodes.get(id) !== null;
  }
  // Drawn nodes the page knows a link to, for a node drawn or not.
  function drawnNeighbours(id) {
    var seen = new Set();
    (linksOf[id] || []).forEach(function (l) { if (isDrawn(l.other)) seen.add(l.other); });
    return Array.from(seen);
  }

  // --- where to look: the part of the network the panel leaves open ---------------
  function openArea() {
    var box = container.getBoundingClientRect();
    var area = { left: 0, top: 0, right: box.width, bottom: box.height, width: box.width, height: box.height };
    if (!panel.hidden) {
      var p = panel.getBoundingClientRect();
      if (p.top > box.top + 1) area.bottom = Math.max(80, p.top - box.top);  // a sheet along the bottom
      else area.right = Math.max(80, p.left - box.left);                      // a panel on the right
    }
    return area;
  }
  function moveInto(area, position, scale) {
    network.moveTo({
      position: position, scale: scale,
      offset: { x: (area.left + area.right - area.width) / 2, y: (area.top + area.bottom - area.height) / 2 },
      animation: { duration: 300, easingFunction: "easeInOutQuad" }
    });
  }
  // Fit these nodes into the open area, no closer than life size, so labels stay readable.
  function fitInto(ids) {
    var box = null;
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) return;
      box = box ? { left: Math.min(box.left, b.left), right: Math.max(box.right, b.right),
                    top: Math.min(box.top, b.top), bottom: Math.max(box.bottom, b.bottom) } : b;
    });
    if (!box) return;
    var area = openArea();
    var margin = 24;
    var scale = Math.min(1.0,
      (area.right - area.left - 2 * margin) / Math.max(1, box.right - box.left),
      (area.bottom - area.top - 2 * margin) / Math.max(1, box.bottom - box.top));
    moveInto(area, { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }, Math.max(scale, 0.02));
  }
  // Bring a clicked node out from under the panel, at the same zoom.
  function reveal(id) {
    var area = openArea();
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    if (at.x > area.left && at.x < area.right && at.y > area.top && at.y < area.bottom) return;
    moveInto(area, network.getPositions([id])[id], network.getScale());
  }

  // --- hover and selection highlight ----------------------------------------
  var dimmedNodes = new Set();
  var dimmedEdges = new Set();
  var pinned = null;
  function highlight(centre) {
    var keepNodes = null, keepEdges = null;
    if (centre !== null && isDrawn(centre)) {
      keepNodes = new Set(network.getConnectedNodes(centre));
      keepNodes.add(centre);
      keepEdges = new Set(network.getConnectedEdges(centre));
    } else if (centre !== null) {  // a node not drawn: light up the drawn nodes it links to
      keepNodes = new Set(drawnNeighbours(centre));
      keepEdges = new Set();
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
      edgeUpdates.push({ id: e.id, color: { color: (data.edgeStyle[e.relation] || ["#b4bcc6"])[0], opacity: dim ? 0.08 : 1 } });
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
      reveal(pinned);
    } else if (!params.edges.length) {
      pinned = null;
      closePanel();
      highlight(null);
    }
  });

  // --- legend: one toggle per type --------------------------------------------
  var legend = document.getElementById("kg-legend");
  var hiddenTypes = new Set();
  var typeCounts = {};
  function setTypeShown(type, shown) {
    if (shown) hiddenTypes.delete(type); else hiddenTypes.add(type);
    var updates = nodes.get({ filter: function (n) { return n.group === type; } })
      .map(function (n) { return { id: n.id, hidden: !shown }; });
    nodes.update(updates);
    var box = legend.querySelector('input[data-type="' + type + '"]');
    if (box) box.checked = shown;
  }
  function countType(type, n) {
    if (!typeCounts[type]) {  // a type first drawn on demand gets its row, in the legend's order
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !hiddenTypes.has(type);
      box.setAttribute("data-type", type);
      box.addEventListener("change", function () { setTypeShown(type, box.checked); });
      label.appendChild(box);
      label.appendChild(swatch(type));
      label.appendChild(el("span", null, type));
      typeCounts[type] = { n: 0, span: label.appendChild(el("span", "kg-count")) };
      var rank = data.typeOrder.indexOf(type);
      var after = Array.prototype.filter.call(legend.querySelectorAll("label"), function (other) {
        return data.typeOrder.indexOf(other.querySelector("input").getAttribute("data-type")) > rank;
      })[0];
      legend.insertBefore(label, after || legend.querySelector(".kg-edges"));
    }
    typeCounts[type].n += n;
    typeCounts[type].span.textContent = typeCounts[type].n.toLocaleString("en");
  }
  (function buildLegend() {
    var heading = el("h2");
    var toggle = el("button", "kg-legend-toggle", "Show");
    toggle.type = "button";
    heading.appendChild(toggle);
    legend.appendChild(heading);
    // On a narrow screen the legend starts folded, to leave the graph the room.
    function fold(folded) {
      legend.classList.toggle("kg-folded", folded);
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    }
    toggle.addEventListener("click", function () { fold(!legend.classList.contains("kg-folded")); });
    fold(window.matchMedia("(max-width: 699px)").matches);
    var present = new Set(data.vis.edges.map(function (e) { return e.relation; }));
    var lines = el("div", "kg-edges");
    [["introduces", "introduces", ""], ["uses", "uses", " kg-thin"],
     ["variant_of", "variant of", " kg-thin kg-dashed"], ["broader", "narrower than", " kg-thin kg-dashed"],
     ["has_code", "has code", " kg-thin kg-dashed"]]
      .forEach(function (r) {
        if (!present.has(r[0])) return;
        var row = el("div", "kg-edge");
        var line = el("span", "kg-line" + r[2]);
        line.style.borderTopColor = data.edgeStyle[r[0]][0];
        row.appendChild(line);
        row.appendChild(el("span", null, r[1]));
        lines.appendChild(row);
      });
    legend.appendChild(lines);
    data.legend.forEach(function (entry) { countType(entry.type, entry.count); });
  })();
  // On a narrow screen the view note folds to two lines; a tap shows it all.
  var note = document.getElementById("kg-note");
  note.addEventListener("click", function () { note.classList.toggle("kg-open"); });

  // --- drawing a node on demand -----------------------------------------------
  // A node the view left out joins the drawing with the links the page holds to drawn nodes,
  // beside them, looking like the drawn nodes of its type (a type's sizes are set on its group).
  var minValue = data.vis.nodes.reduce(function (m, n) { return Math.min(m, n.value); }, 1);
  var maxValue = data.vis.nodes.reduce(function (m, n) { return Math.max(m, n.value); }, 1);
  var added = 0;
  function centroid(ids) {
    var at = network.getPositions(ids), x = 0, y = 0;
    ids.forEach(function (n) { x += at[n].x / ids.length; y += at[n].y / ids.length; });
    return { x: x, y: y };
  }
  function drawHere(id) {
    var u = undrawnNode(id);
    if (!u || isDrawn(id)) return false;
    // Beside its drawn neighbours, on the side away from the middle of the drawing.
    var around = drawnNeighbours(id);
    var middle = centroid(nodes.getIds());
    var near = around.length ? centroid(around) : network.getViewPosition();
    var dx = near.x - middle.x, dy = near.y - middle.y, length = Math.sqrt(dx * dx + dy * dy) || 1;
    var x = near.x + 120 * (length > 1 ? dx / length : 0.7), y = near.y + 120 * (length > 1 ? dy / length : -0.7);
    var isRepo = u.type === "repository";
    var node = { id: id, label: u.type === "paper" ? paperLabel(u.name) : isRepo ? repoLabel(u.name) : u.name,
                 group: u.type, shape: (styles[u.type] || styles.paper)[1], x: x, y: y,
                 value: Math.min(maxValue, Math.max(minValue, Math.sqrt(Math.max(1, u.count)))),
                 font: { size: u.type === "paper" || isRepo ? 12 : 14 },
                 title: isRepo ? u.name + "\nrepository"  // as kg.page._tooltip
                   : u.name + "\n" + u.type + " \u00b7 " + plural(u.count, u.type === "paper" ? "link" : "paper") };
    nodes.add(node);
    edges.add((linksOf[id] || []).filter(function (l) { return isDrawn(l.other); }).map(function (l) {
      var from = l.out ? id : l.other, to = l.out ? l.other : id;
      var look = data.edgeStyle[l.relation] || data.edgeStyle.uses;
      added += 1;
      return { id: "added" + added, from: from, to: to, relation: l.relation, title: edgeTitle(from, to, l.relation),
               color: { color: look[0] }, width: look[1], dashes: look[2] };
    }));
    countType(u.type, 1);
    select(id);
    return true;
  }
  page.drawHere = drawHere;

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
    if (isDrawn(id) || undrawnNode(id)) {
      var button = el("button", "kg-link", nameOf(id));
      button.type = "button";
      button.addEventListener("click", function () { select(id); });
      wrap.appendChild(button);
    } else {
      wrap.appendChild(el("span", "kg-plain", nameOf(id)));
    }
    var type = typeOf(id);
    if (type && type !== "paper") wrap.appendChild(el("span", "kg-type", type));
    if (!isDrawn(id)) wrap.appendChild(el("span", "kg-type", "not drawn"));
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
      if (typeof item.confidence === "number") {
        var sure = el("span", "kg-confidence", confidenceText(item.confidence));
        sure.title = "the estimated chance that this link is right";
        li.appendChild(sure);
      }
      if (item.sentence) li.appendChild(el("blockquote", null, item.sentence));
      list.appendChild(li);
    });
    panelBody.appendChild(list);
    if (more) panelBody.appendChild(el("p", "kg-more", "and " + plural(more, "more " + (noun || "paper")) + " not drawn" + (hint ? "; " + hint : "")));
  }
  function linksWhere(id, relation, out) {
    return (linksOf[id] || []).filter(function (l) { return l.relation === relation && l.out === out; });
  }
  function linkSections(id, type, more, hint) {
    if (type === "paper") {
      section("Introduces", linksWhere(id, "introduces", true));
      section("Uses", linksWhere(id, "uses", true));
      section("Code", linksWhere(id, "has_code", true));
    } else if (type === "repository") {
      section("Code of", linksWhere(id, "has_code", false), more.has_code, hint);
    } else {
      section("Introduced by", linksWhere(id, "introduces", false), more.introduces, hint);
      section("Used by", linksWhere(id, "uses", false), more.uses, hint);
      section("Variant of", linksWhere(id, "variant_of", true));
      section("Variants", linksWhere(id, "variant_of", false), more.variant_of, hint, "variant");
      section("Broader term", linksWhere(id, "broader", true));
      section("Narrower terms", linksWhere(id, "broader", false), more.broader, hint, "narrower term");
    }
  }
  // The command that draws a node's neighbourhood, to copy into a terminal.
  function commandBlock(id, lead) {
    panelBody.appendChild(el("p", "kg-more", lead));
    var row = el("div", "kg-command");
    var code = el("code", null, vizCommand(id));
    var copy = el("button", "kg-copy", "Copy");
    copy.type = "button";
    copy.addEventListener("click", function () {
      // Selected at once, for Ctrl-C where the clipboard is closed to the page; copied when it is open.
      window.getSelection().selectAllChildren(code);
      copy.textContent = "Selected";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.textContent).then(function () { copy.textContent = "Copied"; },
                                                             function () {});
      }
    });
    row.appendChild(code);
    row.appendChild(copy);
    panelBody.appendChild(row);
  }
  // A node the view left out (or drawn on demand): what it is, the links the page holds, and how to see the rest.
  function showUndrawn(id, u) {
    if (u.aliases.length) panelBody.appendChild(el("p", "kg-meta", "also: " + u.aliases.join(", ")));
    if (u.type === "paper" && u.arxiv) {
      panelBody.appendChild(el("p", "kg-meta", "arXiv " + u.arxiv));
      if (arxivUrl(u.arxiv)) panelBody.appendChild(outLink(arxivUrl(u.arxiv)));
    }
    if (u.type === "repository" && safeUrl(u.name)) panelBody.appendChild(outLink(u.name));
    var isPaper = u.type === "paper";
    var held = new Set((linksOf[id] || []).filter(function (l) { return isPaper || typeOf(l.other) === "paper"; })
      .map(function (l) { return l.other; }));
    panelBody.appendChild(el("p", "kg-meta", isPaper ? plural(u.count, "link") + " in the graph"
      : "in " + plural(u.count, "paper") + " of the graph"));
    linkSections(id, u.type, {}, "");
    var missing = u.count - held.size;
    var around = drawnNeighbours(id);
    if (!isDrawn(id) && around.length) {
      var draw = el("button", "kg-draw", "Draw it here, linked to " + plural(around.length, "drawn node"));
      draw.type = "button";
      draw.addEventListener("click", function () { drawHere(id); });
      panelBody.appendChild(draw);
    }
    if (missing > 0) {
      commandBlock(id, plural(missing, isPaper ? "more link" : "more paper") + " not in this page; to draw them all:");
    } else if (!isDrawn(id)) {
      commandBlock(id, "To draw it with its neighbours:");
    }
  }
  function showPanel(id) {
    var d = info[id];
    var u = d ? null : undrawnNode(id);
    if (!d && !u) return;
    panelBody.textContent = "";
    var kind = el("div", "kg-kind");
    kind.appendChild(swatch(typeOf(id)));
    kind.appendChild(el("span", null, typeOf(id) + (isGeneral(id) ? " \u00b7 general term" : "")
      + (isDrawn(id) ? "" : " \u00b7 not drawn in this view")));
    panelBody.appendChild(kind);
    panelBody.appendChild(el("h2", null, nameOf(id)));
    if (u) {
      showUndrawn(id, u);
    } else if (d.kind === "paper") {
      var meta = [];
      if (d.arxiv_id) meta.push("arXiv " + d.arxiv_id);
      if (d.date) meta.push(d.date);
      if (d.authors && d.authors.length) meta.push(d.authors.join(", "));
      if (meta.length) panelBody.appendChild(el("p", "kg-meta", meta.join(" \u00b7 ")));
      var href = safeUrl(d.url) || arxivUrl(d.arxiv_id);
      if (href) panelBody.appendChild(outLink(href));
      if (d.abstract) panelBody.appendChild(el("p", "kg-abstract", d.abstract));
      linkSections(id, "paper");
    } else if (d.kind === "entity") {
      if (d.aliases && d.aliases.length) panelBody.appendChild(el("p", "kg-meta", "also: " + d.aliases.join(", ")));
      linkSections(id, d.type, d.more || {}, vizCommand(id) + " draws them all");
    } else {
      var url = safeUrl(d.url);
      if (url) panelBody.appendChild(outLink(url));
      linkSections(id, "repository", d.more || {}, "");
    }
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  // --- search: every entity, paper and repository of the graph, drawn or not ----
  var index = null;  // built at the first search
  function searchIndex() {
    if (index) return index;
    index = Object.keys(info).map(function (id) {
      var d = info[id];
      var forms = d.kind === "entity" ? [d.name].concat(d.aliases || [])
        : d.kind === "paper" ? [d.title, d.arxiv_id, id.replace(/^paper:/, "")]
        : [d.url, d.label, id.replace(/^repo:/, "")];
      var node = nodes.get(id);
      return { id: id, forms: forms, weight: node && node.value ? node.value : 0 };
    });
    undrawnNodes().forEach(function (u, id) {
      var bare = id.replace(/^[a-z]+:/, "");
      var forms = u.type === "paper" ? [u.name, u.arxiv, bare] : u.type === "repository" ? [u.name, bare]
        : [u.name].concat(u.aliases);
      index.push({ id: id, forms: forms, weight: Math.sqrt(u.count) });
    });
    index.forEach(function (entry) {
      entry.forms = entry.forms.filter(Boolean).map(function (f) { return f.toLowerCase(); });
    });
    return index;
  }
  function find(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    searchIndex().forEach(function (entry) {
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
    var drawn = isDrawn(id);
    if (!drawn && !undrawnNode(id)) return false;
    var type = typeOf(id);
    if (drawn && hiddenTypes.has(type)) setTypeShown(type, true);
    pinned = id;
    if (drawn) network.selectNodes([id]); else network.unselectAll();
    showPanel(id);
    highlight(id);
    var around = (drawn ? [id].concat(network.getConnectedNodes(id)) : drawnNeighbours(id))
      .filter(function (n) { return !hiddenTypes.has(typeOf(n)); });
    fitInto(around);
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
    if (!current.length) results.appendChild(el("li", "kg-empty", "no match"));
    current.forEach(function (id, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.appendChild(swatch(typeOf(id)));
      li.appendChild(el("span", "kg-name", nameOf(id)));
      li.appendChild(el("span", "kg-type", typeOf(id) + (isDrawn(id) ? "" : " \u00b7 not drawn")));
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
