/* infoview network map: sigma.js over a graphology graph, with search, filters and
 * chain highlighting. Data arrives as JSON (see network_map.map_data); every value
 * from the data is written with textContent or drawn on canvas, never parsed as HTML. */
(function () {
  "use strict";
  if (window.infoviewMap) return;

  function make(tag, parent, text, attrs) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = String(text);
    if (attrs) Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }

  window.infoviewMap = function (root, data) {
    var Graph = window.graphology.Graph;
    var N = data.nodes;
    var n = N.label.length;
    var colour = {};
    data.sources.forEach(function (s) { colour[s.name] = s.colour; });
    var lower = N.label.map(function (s) { return (s || "").toLowerCase(); });
    var orgLower = N.org.map(function (s) { return (s || "").toLowerCase(); });

    var graph = new Graph({ type: "directed", multi: false, allowSelfLoops: true });
    for (var i = 0; i < n; i++) {
      graph.addNode(String(i), {
        x: N.x[i], y: N.y[i], label: N.label[i] || "",
        color: N.owner[i] ? data.ownerColour : (colour[N.source[i]] || "#BBBBBB"),
        size: 3
      });
    }
    var E = data.edges;
    for (var k = 0; k < E.s.length; k++) {
      var referral = E.referral[k] === 1;
      graph.mergeEdge(String(E.s[k]), String(E.t[k]), {
        size: referral ? 1.4 : 0.6,
        color: referral ? "#666666" : "#D0D0D0",
        type: referral ? "arrow" : "line",
        referral: referral
      });
    }

    // ---- controls ------------------------------------------------------------------
    var bar = make("div", root, null, { "class": "iv-controls" });
    var searchLabel = make("label", bar, "Find ");
    var search = make("input", searchLabel, null, {
      type: "search", "class": "iv-search", placeholder: data.personal ? "name or company" : "company",
      list: root.id + "-names", "aria-label": "Find a person or company"
    });
    var names = make("datalist", root, null, { id: root.id + "-names" });
    var seen = {};
    var options = [];
    for (i = 0; i < n; i++) {
      [N.label[i], N.org[i]].forEach(function (v) {
        if (v && !seen[v]) { seen[v] = 1; options.push(v); }
      });
    }
    options.sort().slice(0, 20000).forEach(function (v) { make("option", names, null, { value: v }); });

    var sizeLabel = make("label", bar, " Size by ");
    var sizeBy = make("select", sizeLabel, null, { "class": "iv-size" });
    data.sizes.forEach(function (s) { make("option", sizeBy, s.label, { value: s.name }); });

    var tieLabel = make("label", bar, " Interactions at least ");
    var tie = make("input", tieLabel, null, {
      type: "range", min: "0", max: String(data.maxInteractions), value: "0", step: "1",
      "class": "iv-ties"
    });
    var tieValue = make("span", tieLabel, "0", { "class": "iv-ties-value" });
    // No interactions logged (a LinkedIn import): a slider from 0 to 0 says nothing.
    if (!data.maxInteractions) tieLabel.style.display = "none";

    var companyLabel = make("label", bar, " Company ");
    var company = make("select", companyLabel, null, { "class": "iv-company" });
    make("option", company, "all", { value: "" });
    data.companies.forEach(function (c) { make("option", company, c[0] + " (" + c[1] + ")", { value: c[0] }); });

    var reset = make("button", bar, "Show everyone", { type: "button", "class": "iv-reset" });

    var legend = make("div", root, null, { "class": "iv-legend" });
    var hidden = {};
    data.sources.forEach(function (s) {
      var item = make("label", legend, null, { "class": "iv-source" });
      var box = make("input", item, null, { type: "checkbox", value: s.name });
      box.checked = true;
      var swatch = make("span", item, null, { "class": "iv-swatch" });
      swatch.style.background = s.colour;
      make("span", item, s.label + " (" + s.count + ")");
      box.addEventListener("change", function () { hidden[s.name] = !box.checked; update(); });
    });

    var stage = make("div", root, null, { "class": "iv-stage" });
    var status = make("p", root, null, { "class": "iv-status", "aria-live": "polite" });
    var info = make("div", root, null, { "class": "iv-info" });

    // ---- state -----------------------------------------------------------------------
    var state = { selected: null, focus: null, matches: null, company: "", minTies: 0,
                  sizeBy: data.sizes[0].name };
    var maxOf = {}, minOf = {};
    data.sizes.forEach(function (s) {
      var hi = -Infinity, lo = Infinity;
      for (var j = 0; j < n; j++) {
        if (N.owner[j]) continue;
        if (N[s.name][j] > hi) hi = N[s.name][j];
        if (N[s.name][j] < lo) lo = N[s.name][j];
      }
      maxOf[s.name] = hi; minOf[s.name] = lo;
    });

    var manyOwners = data.owners > 10;  // a cohort: owners are many small hubs

    function visible(j) {
      if (N.owner[j]) return true;
      if (hidden[N.source[j]]) return false;
      if (state.company && N.org[j] !== state.company) return false;
      return N.interactions[j] >= state.minTies;
    }
    function nodeSize(j) {
      if (N.owner[j]) return manyOwners ? 5 : 9;
      var lo = minOf[state.sizeBy], hi = maxOf[state.sizeBy];
      if (!(hi > lo)) return 4;  // everyone alike: one modest size
      return 3 + 10 * Math.sqrt((N[state.sizeBy][j] - lo) / (hi - lo));
    }

    function chainOf(j) {
      // The introduction chain: everyone who introduced j, up to the owner.
      var out = {}, todo = [String(j)];
      while (todo.length) {
        var key = todo.pop();
        if (out[key]) continue;
        out[key] = 1;
        graph.forEachInNeighbor(key, function (p) { if (!out[p]) todo.push(p); });
      }
      return out;
    }

    function select(j) {
      if (j === null) { state.selected = null; state.focus = null; info.textContent = ""; return; }
      var key = String(j);
      var chain = chainOf(j);
      var focus = Object.assign({}, chain);
      graph.forEachNeighbor(key, function (m) { focus[m] = 1; });
      state.selected = key;
      state.focus = focus;
      showInfo(j, chain);
    }

    function showInfo(j, chain) {
      info.textContent = "";
      var title = N.label[j] || (N.owner[j] ? "owner" : "a contact");
      make("h4", info, title);
      var dl = make("dl", info);
      function row(name, value) {
        if (value === null || value === undefined || value === "") return;
        make("dt", dl, name); make("dd", dl, value);
      }
      row("Company", N.org[j]);
      if (!N.owner[j]) row("How you found them", (N.source[j] || "").replace(/_/g, " "));
      row("Added on", N.added[j]);
      row("Interactions", N.interactions[j]);
      row("Meetings", N.meetings[j]);
      row("Last contact", N.last[j]);
      row("Links", N.degree[j]);
      var path = [];
      var cur = String(j);
      var guard = 0;
      while (cur !== null && guard++ < 1000) {
        path.unshift(N.label[+cur] || (N.owner[+cur] ? "you" : "?"));
        var up = null;
        graph.forEachInNeighbor(cur, function (p) { if (up === null && chain[p]) up = p; });
        cur = up;
        if (cur !== null && path.indexOf(N.label[+cur]) >= 0 && N.label[+cur]) break;
      }
      if (path.length > 1) row("Introduction chain", path.join(" \u2192 "));
    }

    function runSearch() {
      var q = search.value.trim().toLowerCase();
      state.matches = null;
      if (!q) { select(null); return; }
      var exact = -1, hits = {};
      var count = 0;
      for (var j = 0; j < n; j++) {
        if (lower[j] === q && exact < 0) exact = j;
        if ((data.personal && lower[j].indexOf(q) >= 0) || orgLower[j].indexOf(q) >= 0) {
          hits[String(j)] = 1; count++;
        }
      }
      if (exact >= 0) {
        select(exact);
        var d = renderer.getNodeDisplayData(String(exact));
        if (d) renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.35 }, { duration: 400 });
      } else {
        select(null);
        state.matches = hits;
      }
      status.textContent = count === 1 ? "1 person matches" : count + " people match";
    }

    function update() {
      var shown = 0;
      for (var j = 0; j < n; j++) if (!N.owner[j] && visible(j)) shown++;
      var total = n - data.owners;
      if (!search.value.trim()) {
        status.textContent = shown === total ? total + " people" : shown + " of " + total + " people shown";
      }
      root.dataset.shown = String(shown);
      root.dataset.selected = state.selected === null ? "" : String(N.label[+state.selected] || state.selected);
      root.dataset.highlighted = String(state.focus ? Object.keys(state.focus).length
        : (state.matches ? Object.keys(state.matches).length : 0));
      renderer.refresh();
    }

    var renderer = new window.Sigma(graph, stage, {
      renderLabels: true,
      labelDensity: n < 200 ? 3 : 0.6,
      labelGridCellSize: 90,
      labelRenderedSizeThreshold: data.personal ? (n < 200 ? 0 : 6) : 1000,
      labelFont: "system-ui, -apple-system, 'Segoe UI', sans-serif",
      labelSize: 12,
      zIndex: true,
      minCameraRatio: 0.02,
      maxCameraRatio: 4,
      allowInvalidContainer: true,
      nodeReducer: function (key, attrs) {
        var j = +key;
        var res = Object.assign({}, attrs);
        if (!visible(j)) { res.hidden = true; return res; }
        res.size = nodeSize(j);
        var focus = state.focus || state.matches;
        if (focus) {
          if (focus[key] || N.owner[j]) {
            res.zIndex = 2;
            res.forceLabel = true;
            if (key === state.selected) res.highlighted = true;
          } else {
            res.color = "#E8E8E8";
            res.label = "";
            res.zIndex = 0;
          }
        } else {
          res.zIndex = N.owner[j] ? 2 : 1;
          if (N.owner[j] && !manyOwners) res.forceLabel = true;
        }
        return res;
      },
      edgeReducer: function (key, attrs) {
        var res = Object.assign({}, attrs);
        var ends = graph.extremities(key);
        if (!visible(+ends[0]) || !visible(+ends[1])) { res.hidden = true; return res; }
        if (state.focus) {
          if (state.focus[ends[0]] && state.focus[ends[1]]) {
            res.color = "#222222"; res.size = 2; res.zIndex = 2;
          } else { res.hidden = true; }
        } else if (state.matches) {
          res.color = "#EEEEEE";
        }
        return res;
      }
    });

    renderer.on("clickNode", function (e) { select(+e.node); search.value = ""; status.textContent = ""; update(); });
    renderer.on("clickStage", function () { select(null); state.matches = null; update(); });
    search.addEventListener("change", function () { runSearch(); update(); });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { runSearch(); update(); } });
    sizeBy.addEventListener("change", function () { state.sizeBy = sizeBy.value; update(); });
    tie.addEventListener("input", function () {
      state.minTies = +tie.value; tieValue.textContent = tie.value; update();
    });
    company.addEventListener("change", function () { state.company = company.value; update(); });
    reset.addEventListener("click", function () {
      search.value = ""; select(null); state.matches = null; state.company = ""; company.value = "";
      state.minTies = 0; tie.value = "0"; tieValue.textContent = "0";
      legend.querySelectorAll("input").forEach(function (b) { b.checked = true; });
      hidden = {};
      renderer.getCamera().animatedReset();
      update();
    });

    root.infoview = {
      renderer: renderer, graph: graph,
      search: function (q) { search.value = q; runSearch(); update(); return root.dataset.highlighted; },
      select: function (label) {
        var j = lower.indexOf(String(label).toLowerCase());
        if (j < 0) return false;
        select(j); update(); return true;
      }
    };
    renderer.once("afterRender", function () { root.dataset.rendered = "1"; });
    update();
  };
})();
