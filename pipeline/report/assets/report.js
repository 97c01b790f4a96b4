// tickercheck report: show a claim's card on hover/click, sort and filter the verdict table.
// Moves and toggles existing nodes only; never builds markup from text, so nothing the
// article contains can become code.
(function () {
  "use strict";
  var cards = document.querySelectorAll(".card[data-claim]");
  if (!cards.length) return;

  function show(n) {
    cards.forEach(function (card) { card.hidden = card.getAttribute("data-claim") !== n; });
    document.querySelectorAll("mark.claim.active, tr.active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll('mark.claim[data-claim="' + n + '"], tr[data-claim="' + n + '"]').forEach(function (el) {
      el.classList.add("active");
    });
  }

  document.querySelectorAll("mark.claim").forEach(function (mark) {
    var n = mark.getAttribute("data-claim");
    mark.addEventListener("mouseenter", function () { show(n); });
    mark.addEventListener("focus", function () { show(n); });
    mark.addEventListener("click", function () { show(n); });
  });

  var table = document.querySelector("table.verdicts");
  var body = table && table.tBodies[0];
  if (body) {
    body.addEventListener("click", function (ev) {
      var row = ev.target.closest("tr[data-claim]");
      if (!row) return;
      var n = row.getAttribute("data-claim");
      show(n);
      var mark = document.querySelector('mark.claim[data-claim="' + n + '"]');
      if (mark) mark.scrollIntoView({ block: "nearest" });
    });
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.addEventListener("click", function () { sortBy(th); });
    });
  }

  function sortBy(th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-sort") === "number";
    var asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-v") || a.cells[index].textContent;
      var y = b.cells[index].getAttribute("data-v") || b.cells[index].textContent;
      var cmp;
      if (numeric) {
        var fx = parseFloat(x), fy = parseFloat(y);
        // rows without a figure sort last either way
        if (isNaN(fx) || isNaN(fy)) return isNaN(fx) - isNaN(fy);
        cmp = fx - fy;
      } else {
        cmp = x.localeCompare(y);
      }
      return asc ? cmp : -cmp;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  var filter = document.getElementById("label-filter");
  if (filter && body) {
    filter.addEventListener("change", function () {
      var want = filter.value;
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var keep = !want || row.getAttribute("data-label") === want;
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      document.querySelectorAll("mark.claim").forEach(function (mark) {
        mark.classList.toggle("dimmed", !!want && mark.getAttribute("data-label") !== want);
      });
      var count = document.getElementById("shown-count");
      if (count) count.textContent = shown + " of " + body.rows.length + " claims";
    });
  }

  // open on the first claim that has a chart: the most informative card
  var first = document.querySelector(".card[data-claim] svg.chart");
  show((first ? first.closest(".card") : cards[0]).getAttribute("data-claim"));
})();
