/* The figure picker (claims.web.picker): fills each picker's <datalist> from the search endpoint as the
   reviewer types, and shows the chosen figure's label beside the box. The box submits the figure's id (or
   "id:version" for a merge), exactly what the form took before; without this script a reviewer types the
   id. Choosing is the browser's datalist: arrow keys and Enter. */
(function () {
  "use strict";

  var DELAY_MS = 150;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var label = document.getElementById(input.getAttribute("aria-describedby"));
    var labels = {};
    var timer = null;
    var asked = null;

    function show() {
      if (label && labels[input.value]) label.textContent = labels[input.value];
    }

    function fill(results) {
      list.textContent = "";
      results.forEach(function (figure) {
        var option = document.createElement("option");
        option.value = figure.value;
        option.label = figure.label;
        option.textContent = figure.label;
        labels[figure.value] = figure.label;
        list.appendChild(option);
      });
      show();
    }

    function search() {
      var text = input.value.trim();
      if (labels[text] || text === asked) { show(); return; }
      asked = text;
      var url = input.getAttribute("data-figure-picker");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (asked === text) fill(data.results || []); })
        .catch(function () { /* the box still takes an id typed by hand */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener("focus", function () { if (!list.children.length) search(); });
  }

  function setup() {
    document.querySelectorAll("input[data-figure-picker]").forEach(attach);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
