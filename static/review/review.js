/* Keyboard triage on the claim queue and the select-all box. Progressive enhancement only: every action
   is a plain form that works without this script. */
(function () {
  "use strict";

  function typing(event) {
    var tag = (event.target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
  }

  function submit(form) {
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function setup() {
    var table = document.querySelector('[data-keyboard="queue"]');
    var help = document.getElementById("keys-help");
    var selectAll = document.querySelector(".select-all");
    if (selectAll) {
      selectAll.addEventListener("change", function () {
        document.querySelectorAll('input[name="claims"][form="bulk-form"]').forEach(function (box) {
          box.checked = selectAll.checked;
        });
      });
    }
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-claim]"));
    var key = "queue-position:" + location.pathname + location.search;
    var current = Math.min(parseInt(sessionStorage.getItem(key) || "0", 10) || 0, Math.max(rows.length - 1, 0));

    function show(index, scroll) {
      if (!rows.length) return;
      current = Math.max(0, Math.min(index, rows.length - 1));
      rows.forEach(function (row, i) { row.classList.toggle("current", i === current); });
      sessionStorage.setItem(key, String(current));
      if (scroll) rows[current].scrollIntoView({ block: "nearest" });
    }

    function toggleHelp(open) {
      if (!help) return;
      help.hidden = open === undefined ? !help.hidden : !open;
      if (!help.hidden) help.querySelector("[data-close-keys]").focus();
    }

    rows.forEach(function (row, i) {
      row.addEventListener("click", function () { show(i, false); });
      var reason = row.querySelector("select.reason");
      if (reason) {
        reason.addEventListener("keydown", function (event) {
          if (/^[1-9]$/.test(event.key) && reason.options[parseInt(event.key, 10)]) {
            reason.selectedIndex = parseInt(event.key, 10);
            event.preventDefault();
            submit(document.getElementById("reject-" + row.dataset.claim));
          } else if (event.key === "Enter" && reason.value) {
            event.preventDefault();
            submit(document.getElementById("reject-" + row.dataset.claim));
          } else if (event.key === "Escape") {
            reason.blur();
          }
        });
      }
    });
    if (help) {
      help.querySelector("[data-close-keys]").addEventListener("click", function () { toggleHelp(false); });
    }

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { toggleHelp(false); return; }
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
      if (help && !help.hidden) return;
      var row = rows[current];
      switch (event.key) {
        case "j": show(current + 1, true); break;
        case "k": show(current - 1, true); break;
        case "a": if (row) submit(document.getElementById("accept-" + row.dataset.claim)); break;
        case "r": if (row) { var select = row.querySelector("select.reason"); if (select) select.focus(); } break;
        case "e": if (row) location.href = row.dataset.edit; break;
        case "o": case "Enter": if (row) location.href = row.querySelector(".quote-link").href; break;
        case "x": if (row) { var box = row.querySelector('input[type="checkbox"]'); if (box) box.checked = !box.checked; } break;
        default: return;
      }
      event.preventDefault();
    });
    show(current, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
