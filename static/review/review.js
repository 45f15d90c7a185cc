/* Keyboard triage on the claim queue, the claim page and the article page; accept and reject from the article's
   highlights; selected words of an article become a new claim or a claim's span. Progressive enhancement
   only: every action is a plain form or link that works without this script. Keys never fire while the
   reviewer types in a field. */
(function () {
  "use strict";

  function typing(event) {
    var tag = (event.target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
  }

  /* Submit ``form`` as if ``submitter`` (a button, optional) was pressed: its formaction applies. */
  function submit(form, submitter) {
    if (!form) return;
    if (form.requestSubmit) { if (submitter) form.requestSubmit(submitter); else form.requestSubmit(); }
    else if (submitter) submitter.click();
    else form.submit();
  }

  /* A queue row's triage form (one per row: Reject is its action, Accept a formaction), sent by its button. */
  function triage(row, which) {
    if (!row) return;
    submit(document.getElementById("triage-" + row.dataset.claim), row.querySelector("button." + which));
  }

  /* A reason picker: 1-9 picks that reason and rejects, Enter rejects with the reason shown, Esc leaves. */
  function reasonKeys(select, reject) {
    select.addEventListener("keydown", function (event) {
      if (/^[1-9]$/.test(event.key) && select.options[parseInt(event.key, 10)]) {
        select.selectedIndex = parseInt(event.key, 10);
        event.preventDefault();
        reject(select.value);
      } else if (event.key === "Enter" && select.value) {
        event.preventDefault();
        reject(select.value);
      } else if (event.key === "Escape") {
        select.blur();
      }
    });
  }

  /* The help overlay (?), Esc, and undo (u) are the same on every page; ``keys`` handles the rest and
     returns false for a key it does not know. */
  function listen(keys) {
    var help = document.getElementById("keys-help");
    function toggleHelp(open) {
      if (!help) return;
      help.hidden = open === undefined ? !help.hidden : !open;
      if (!help.hidden) help.querySelector("[data-close-keys]").focus();
    }
    if (help) help.querySelector("[data-close-keys]").addEventListener("click", function () { toggleHelp(false); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { toggleHelp(false); if (keys.escape) keys.escape(); return; }
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
      if (help && !help.hidden) return;
      if (event.key === "u") {
        var undo = document.getElementById("undo-form");
        if (undo) { submit(undo); event.preventDefault(); }
        return;
      }
      if (keys.press(event.key) !== false) event.preventDefault();
    });
  }

  function setupQueue(table) {
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

    rows.forEach(function (row, i) {
      row.addEventListener("click", function () { show(i, false); });
      var reason = row.querySelector("select.reason");
      if (reason) reasonKeys(reason, function () { triage(row, "reject"); });
    });
    listen({ press: function (key) {
      var row = rows[current];
      switch (key) {
        case "j": show(current + 1, true); break;
        case "k": show(current - 1, true); break;
        case "a": triage(row, "accept"); break;
        case "r": if (row) { var select = row.querySelector("select.reason"); if (select) select.focus(); } break;
        case "e": if (row) location.href = row.dataset.edit; break;
        case "o": case "Enter": if (row) location.href = row.querySelector(".quote-link").href; break;
        case "x": if (row) { var box = row.querySelector('input[type="checkbox"]'); if (box) box.checked = !box.checked; } break;
        default: return false;
      }
    } });
    show(current, true);
  }

  function setupClaim(main) {
    var reason = document.querySelector("#reject-form select");
    if (reason) reasonKeys(reason, function () { submit(document.getElementById("reject-form")); });
    listen({ press: function (key) {
      switch (key) {
        case "a": submit(document.getElementById("accept-form")); break;
        case "r": if (reason) reason.focus(); break;
        case "e":
          var field = document.querySelector("#correct input:not([type=hidden]), #correct select");
          if (field) { field.scrollIntoView({ block: "center" }); field.focus(); }
          break;
        case "j": location.href = main.dataset.next; break;
        case "k": location.href = main.dataset.previous; break;
        default: return false;
      }
    } });
  }

  /* The offset in the article body of a point of a selection: the segment it lies in carries its own
     offset (data-at), plus the characters before the point inside that segment. */
  function bodyOffset(article, node, offset) {
    var element = node.nodeType === 3 ? node.parentElement : node;
    var segment = element && element.closest ? element.closest("[data-at]") : null;
    var range = document.createRange();
    if (segment && article.contains(segment)) {
      range.setStart(segment, 0);
      range.setEnd(node, offset);
      return parseInt(segment.dataset.at, 10) + range.toString().length;
    }
    range.setStart(article, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function place(box, rect) {
    box.hidden = false;
    var width = box.offsetWidth;
    var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + "px";
    box.style.top = (rect.bottom + window.scrollY + 6) + "px";
  }

  function setupArticle(main) {
    var article = document.getElementById("article-text");
    var items = Array.prototype.slice.call(document.querySelectorAll(".claim-list li.claim-item"));
    var pop = document.getElementById("claim-pop");
    var tools = document.getElementById("selection-tools");
    var popReason = pop && pop.querySelector(".pop-reason");
    var claimUrl = main.dataset.claimUrl;
    var current = -1;
    var selection = null;

    function pk(index) { return items[index] && items[index].dataset.claim; }
    function mark(index) { return document.getElementById("claim-" + pk(index)); }
    function urlOf(id) { return claimUrl.replace("/0/", "/" + id + "/"); }

    function show(index, scroll) {
      if (!items.length) return;
      current = (index + items.length) % items.length;
      var id = pk(current);
      items.forEach(function (item, i) { item.classList.toggle("current", i === current); });
      document.querySelectorAll("mark.claim-mark").forEach(function (m) {
        m.classList.toggle("current", m.dataset.claim === id);
      });
      var target = mark(current);
      if (scroll && target) target.scrollIntoView({ block: "center" });
      if (pop && target) {
        pop.querySelector(".pop-title").textContent = target.title;
        pop.querySelector('[data-pop="edit"]').href = urlOf(id) + "#correct";
        if (popReason) popReason.selectedIndex = 0;
        place(pop, target.getBoundingClientRect());
      } else if (pop) {
        pop.hidden = true;
      }
      var picker = document.getElementById("span-claim");
      if (picker) picker.value = id;
    }

    function accept() { if (current >= 0) submit(document.getElementById("accept-" + pk(current))); }
    function reject(reason) {
      if (current < 0) return;
      var select = document.querySelector('select[form="reject-' + pk(current) + '"]');
      if (!reason) { if (popReason) popReason.focus(); return; }
      select.value = reason;
      submit(document.getElementById("reject-" + pk(current)));
    }

    if (pop) {
      document.body.appendChild(pop);
      pop.querySelector('[data-pop="accept"]').addEventListener("click", accept);
      pop.querySelector('[data-pop="reject"]').addEventListener("click", function () { reject(popReason.value); });
      reasonKeys(popReason, reject);
    }
    items.forEach(function (item, i) {
      item.querySelector("a.jump").addEventListener("click", function () { show(i, false); });
    });
    document.querySelectorAll("mark.claim-mark").forEach(function (m) {
      var index = items.findIndex(function (item) { return item.dataset.claim === m.dataset.claim; });
      if (index < 0 || !pop) return;  // a date: its link opens it
      m.querySelector("a").addEventListener("click", function (event) {
        if (selectionIn()) { event.preventDefault(); return; }
        event.preventDefault();
        show(index, false);
      });
    });

    /* Selected words: offer "add a claim" and "use as span of claim N". */
    function selectionIn() {
      var chosen = window.getSelection();
      if (!chosen || chosen.isCollapsed || !chosen.rangeCount) return null;
      var range = chosen.getRangeAt(0);
      if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return null;
      var start = bodyOffset(article, range.startContainer, range.startOffset);
      var end = bodyOffset(article, range.endContainer, range.endOffset);
      if (end <= start || !range.toString().trim()) return null;
      return { start: start, end: end, rect: range.getBoundingClientRect() };
    }

    function offerSelection() {
      if (!tools) return;
      selection = selectionIn();
      if (!selection) { tools.hidden = true; return; }
      var add = document.getElementById("add-from-selection");
      add.href = add.href.split("?")[0] + "?start=" + selection.start + "&end=" + selection.end;
      var form = document.getElementById("span-form");
      if (form) { form.elements.start.value = selection.start; form.elements.end.value = selection.end; }
      if (pop) pop.hidden = true;
      place(tools, selection.rect);
    }

    function useAsSpan() {
      var form = document.getElementById("span-form");
      var picker = document.getElementById("span-claim");
      if (!form || !selection) return;
      var option = picker.options[picker.selectedIndex];
      form.action = form.dataset.action.replace("/0/", "/" + option.value + "/");
      form.elements.version.value = option.dataset.version;
      form.elements.next.value = location.pathname + "#claim-" + option.value;
      submit(form);
    }

    if (tools) {
      document.body.appendChild(tools);  // placed in page coordinates, whatever the layout around it
      article.addEventListener("mousedown", function () { tools.hidden = true; });
      article.addEventListener("mouseup", function () { setTimeout(offerSelection, 0); });
      article.addEventListener("keyup", function () { setTimeout(offerSelection, 0); });
      var spanButton = document.getElementById("use-as-span");
      if (spanButton) spanButton.addEventListener("click", useAsSpan);
    }

    listen({
      escape: function () { if (pop) pop.hidden = true; if (tools) tools.hidden = true; },
      press: function (key) {
        switch (key) {
          case "j": show(current + 1, true); break;
          case "k": show(current - 1, true); break;
          case "a": accept(); break;
          case "r": if (current >= 0 && popReason) { if (pop.hidden) show(current, true); popReason.focus(); } break;
          case "e": if (current >= 0) location.href = urlOf(pk(current)) + "#correct"; break;
          case "o": case "Enter": if (current >= 0) location.href = urlOf(pk(current)); break;
          case "n": offerSelection(); if (selection) location.href = document.getElementById("add-from-selection").href; break;
          case "s": offerSelection(); useAsSpan(); break;
          default: return false;
        }
      },
    });
    window.addEventListener("resize", function () { if (current >= 0 && pop && !pop.hidden) show(current, false); });

    /* Start where the last write sent us (#claim-N), else at the first pending claim. */
    var wanted = (location.hash.match(/^#claim-(\d+)$/) || [])[1];
    var start = items.findIndex(function (item) { return item.dataset.claim === wanted; });
    if (start < 0) start = items.findIndex(function (item) { return item.dataset.status === "pending"; });
    if (items.length) show(start < 0 ? 0 : start, start >= 0);
  }

  function setup() {
    var selectAll = document.querySelector(".select-all");
    if (selectAll) {
      selectAll.addEventListener("change", function () {
        document.querySelectorAll('input[name="claims"][form="bulk-form"]').forEach(function (box) {
          box.checked = selectAll.checked;
        });
      });
    }
    var queue = document.querySelector('[data-keyboard="queue"]');
    var claim = document.querySelector('[data-keyboard="claim"]');
    var article = document.querySelector('[data-keyboard="article"]');
    if (queue) setupQueue(queue);
    else if (claim) setupClaim(claim);
    else if (article) setupArticle(article);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
