/* storytrace report: link partner passages and facts, filter, show all, graph nodes.
   One delegated listener per event type; every lookup is scoped to the nearest view. */
(function () {
  "use strict";
  var KEYS = ["pair", "fact", "ver", "os"];
  var smooth = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  function viewOf(el) { return el.closest(".st-cmp") || el.closest(".st-trace") || document; }
  /* [attribute, [keys]]: an element may belong to several pairs ("0 1 4"). */
  function keyOf(el) {
    for (var i = 0; i < KEYS.length; i++) {
      var v = el.getAttribute("data-" + KEYS[i]);
      if (v) { return [KEYS[i], v.split(" ")]; }
    }
    return null;
  }
  function group(view, key) {
    var sel = key[1].map(function (k) { return ".text [data-" + key[0] + '~="' + k + '"]'; });
    return view.querySelectorAll(sel.join(","));
  }
  function sideOf(el) {
    var pane = el.closest("[data-side]");
    return pane ? pane.getAttribute("data-side") : null;
  }
  function clear(view, cls) {
    var old = view.querySelectorAll("." + cls);
    for (var i = 0; i < old.length; i++) { old[i].classList.remove(cls); }
  }
  function openAncestors(el) {
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
  }
  function reveal(el) {
    openAncestors(el);
    el.scrollIntoView({ block: "center", inline: "nearest", behavior: smooth ? "smooth" : "auto" });
  }
  function describe(view, el, key) {
    var box = view.querySelector(".detail");
    if (!box) { return; }
    if (key[0] === "fact") {
      var entry = view.querySelector('.fact-item[data-fact="' + key[1][0] + '"]');
      if (entry) {
        var copy = entry.cloneNode(true);
        copy.removeAttribute("id");
        copy.classList.remove("is-active");
        var list = document.createElement("ol");
        list.className = "facts";
        list.appendChild(copy);
        box.replaceChildren(list);
        return;
      }
    }
    box.textContent = el.getAttribute("title") || "";
  }
  /* Highlight el and its partners; scroll the first partner on the other side into view. */
  function activate(el, scroll) {
    var key = keyOf(el);
    if (!key) { return; }
    var view = viewOf(el);
    clear(view, "is-active");
    var members = group(view, key);
    var here = sideOf(el), partner = null, other = null;
    for (var i = 0; i < members.length; i++) {
      var m = members[i];
      m.classList.add("is-active");
      if (m === el || el.contains(m) || m.tagName === "SUP") { continue; }
      if (!partner && sideOf(m) !== here) { partner = m; }
      if (!other) { other = m; }  /* an internal contradiction: both ends in one article */
    }
    partner = partner || (key[0] === "fact" ? other : null);
    el.classList.add("is-active");
    if (key[0] === "fact") {
      var entry = view.querySelector('.fact-item[data-fact="' + key[1][0] + '"]');
      if (entry) { entry.classList.add("is-active"); }
    }
    describe(view, el, key);
    if (scroll && partner) { reveal(partner); }
  }
  function target(el) {
    return el.closest("mark[data-fact], sup.badge[data-fact], .psg[data-pair]");
  }
  function activateNode(id) {
    var section = document.getElementById(id);
    if (!section) { return; }
    var view = viewOf(section);
    clear(view, "is-active");
    var nodes = view.querySelectorAll('.node[data-node="' + id + '"]');
    for (var i = 0; i < nodes.length; i++) { nodes[i].classList.add("is-active"); }
    section.classList.add("is-active");
    reveal(section);
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    if (t.closest("[data-show-all]")) {
      var box = t.closest("[data-show-all]").parentElement;
      var more = box.querySelectorAll(".more");
      for (var i = 0; i < more.length; i++) { more[i].hidden = false; }
      t.closest("[data-show-all]").remove();
      return;
    }
    var node = t.closest(".node[data-node], a.go[data-node]");
    if (node) { ev.preventDefault(); activateNode(node.getAttribute("data-node")); return; }
    var go = t.closest("a.go");
    if (go) {
      var dest = document.getElementById(go.getAttribute("href").slice(1));
      if (dest) {
        ev.preventDefault();
        reveal(dest);
        if (keyOf(dest)) { activate(dest, false); }
        dest.focus({ preventScroll: true });
        if (history.replaceState) { history.replaceState(null, "", "#" + dest.id); }
      }
      return;
    }
    var el = target(t);
    if (el) { activate(el, true); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") { return; }
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    if (t.matches(".node[data-node]")) {
      ev.preventDefault(); activateNode(t.getAttribute("data-node")); return;
    }
    var el = t.matches("mark[data-fact], .psg[data-pair]") ? t : null;
    if (el) { ev.preventDefault(); activate(el, true); }
  });
  function hover(on) {
    return function (ev) {
      var t = ev.target;
      if (!(t instanceof Element)) { return; }
      var el = target(t);
      if (!el) { return; }
      var members = group(viewOf(el), keyOf(el));
      for (var i = 0; i < members.length; i++) { members[i].classList.toggle("is-hover", on); }
    };
  }
  document.addEventListener("mouseover", hover(true));
  document.addEventListener("mouseout", hover(false));
  document.addEventListener("change", function (ev) {
    var box = ev.target;
    if (!(box instanceof HTMLInputElement) || !box.closest(".filter")) { return; }
    var view = viewOf(box);
    var shown = {};
    var boxes = box.closest(".filter").querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) { shown[boxes[i].value] = boxes[i].checked; }
    var items = view.querySelectorAll(".fact-item[data-type]");
    for (var j = 0; j < items.length; j++) {
      items[j].hidden = shown[items[j].getAttribute("data-type")] === false;
    }
  });
  /* Print everything: open closed sections for the printout, close them again after. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll(".st-report details:not([open])");
    for (var i = 0; i < closed.length; i++) { closed[i].open = true; opened.push(closed[i]); }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) { opened.pop().open = false; }
  });
})();
