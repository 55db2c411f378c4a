// storytrace web app: poll background jobs and show their progress. No dependencies.
(function () {
  "use strict";
  function render(box, s) {
    var stage = box.querySelector(".stage");
    var bar = box.querySelector("progress");
    if (stage) stage.textContent = s.stage + (s.total ? " (" + s.done + "/" + s.total + ")" : "");
    if (bar && s.total) { bar.max = s.total; bar.value = s.done; }
  }
  function finish(box, s) {
    if (box.dataset.then === "insert" && s.state === "done") {
      // The finished view, in place (the report script listens on the document, so it works).
      fetch(box.dataset.src, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(function (html) {
        var view = document.createElement("div");
        view.innerHTML = html;
        box.replaceWith(view);
      }).catch(function () { window.location.reload(); });
    } else if (box.dataset.then === "insert") {
      var stage = box.querySelector(".stage");
      if (stage) stage.textContent = s.error || "failed";
    } else {
      window.location.reload();
    }
  }
  function poll(box, delay) {
    fetch("/api/jobs/" + encodeURIComponent(box.dataset.job), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (s) {
      render(box, s);
      if (s.state === "done" || s.state === "failed") finish(box, s);
      else window.setTimeout(function () { poll(box, 500); }, delay);
    }).catch(function () {
      window.setTimeout(function () { poll(box, Math.min(delay * 2, 5000)); }, delay);
    });
  }
  document.querySelectorAll("[data-job]").forEach(function (box) { poll(box, 400); });
})();
