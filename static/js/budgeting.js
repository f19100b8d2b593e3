// The running sum beside a budget ballot: the page works without it (the server checks and
// shows the sum after each vote); with it, the sum and what is left follow each tick or point.
(function () {
  "use strict";
  function kroner(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }
  function update(form, sum) {
    var cumulative = sum.dataset.cumulative === "1";
    var total = cumulative ? Number(sum.dataset.points) : Number(sum.dataset.budget);
    var used = 0;
    if (cumulative) {
      form.querySelectorAll("input[type=number]").forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (value > 0) { used += value; }
      });
    } else {
      form.querySelectorAll("input[type=checkbox][data-cost]").forEach(function (box) {
        if (box.checked) { used += Number(box.dataset.cost); }
      });
    }
    var left = total - used;
    var show = cumulative ? String : kroner;
    sum.textContent = sum.dataset.template
      .replace("{used}", show(used))
      .replace("{total}", show(total))
      .replace("{left}", show(left));
    sum.classList.toggle("over-budget", left < 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var sum = document.getElementById("budget-sum");
    var form = document.querySelector("form .budget-ballot");
    if (!sum || !form || !sum.dataset.template) { return; }
    form = form.closest("form");
    form.addEventListener("input", function () { update(form, sum); });
    form.addEventListener("change", function () { update(form, sum); });
  });
})();
