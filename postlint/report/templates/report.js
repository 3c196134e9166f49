// postlint report: sort the posts table by clicking a header; filter it by rule,
// level and status. Plain DOM, no library, no network. Rows carry their data in
// data-* attributes written by the template (escaped there), so nothing here
// builds HTML from text.
(function () {
  "use strict";
  var table = document.getElementById("posts");
  if (!table) {
    return;
  }
  var tbody = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(tbody.rows);
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select"));
  var counter = document.getElementById("shown-count");

  rows.forEach(function (row, index) {
    row.setAttribute("data-index", String(index));
  });

  // A cell's sort key: a number, a lower-cased string, or null when the value is missing.
  function key(row, column, numeric) {
    var raw = row.cells[column].getAttribute("data-sort");
    if (raw === null || raw === "") {
      return null;
    }
    return numeric ? parseFloat(raw) : raw.toLowerCase();
  }

  function compare(a, b, column, numeric, ascending) {
    var x = key(a, column, numeric);
    var y = key(b, column, numeric);
    if (x === null || y === null) {
      // Missing values go last whichever way the column is sorted.
      if (x !== y) {
        return x === null ? 1 : -1;
      }
    } else if (x !== y) {
      var order = numeric ? x - y : x.localeCompare(y);
      return ascending ? order : -order;
    }
    return Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
  }

  function sortBy(column) {
    var header = headers[column];
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) {
      h.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      return compare(a, b, column, numeric, ascending);
    });
    sorted.forEach(function (row) {
      tbody.appendChild(row);
    });
  }

  // Does a post have a finding of this rule and/or level? data-findings is
  // "|Rule.Id:level|Other.Rule:level|".
  function hasFinding(row, rule, level) {
    var findings = row.getAttribute("data-findings");
    if (rule && level) {
      return findings.indexOf("|" + rule + ":" + level + "|") !== -1;
    }
    if (rule) {
      return findings.indexOf("|" + rule + ":") !== -1;
    }
    if (level) {
      return findings.indexOf(":" + level + "|") !== -1;
    }
    return true;
  }

  function wanted() {
    var values = {};
    selects.forEach(function (select) {
      values[select.getAttribute("data-attr")] = select.value;
    });
    return values;
  }

  function applyFilters() {
    var want = wanted();
    var shown = 0;
    rows.forEach(function (row) {
      var visible =
        hasFinding(row, want.rule, want.level) &&
        (!want.status || row.getAttribute("data-status") === want.status);
      row.hidden = !visible;
      var details = document.getElementById(row.getAttribute("data-post"));
      if (details) {
        details.hidden = !visible;
      }
      shown += visible ? 1 : 0;
    });
    // In the visible posts' finding lists, show only the findings that match.
    document.querySelectorAll("tr.finding").forEach(function (item) {
      item.hidden =
        (want.rule && item.getAttribute("data-rule") !== want.rule) ||
        (want.level && item.getAttribute("data-level") !== want.level);
    });
    counter.textContent = shown + " of " + rows.length + " posts";
  }

  // A post's name in the table links to its findings: open them on the way there.
  function openDetails(id) {
    var target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  tbody.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (link) {
      openDetails(link.getAttribute("href").slice(1));
    }
  });
  window.addEventListener("hashchange", function () {
    openDetails(window.location.hash.slice(1));
  });
  openDetails(window.location.hash.slice(1));

  headers.forEach(function (header, column) {
    header.addEventListener("click", function () {
      sortBy(column);
    });
  });
  selects.forEach(function (select) {
    select.addEventListener("change", applyFilters);
  });
  applyFilters();
})();
