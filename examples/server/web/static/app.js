// 售后服务台 — the only script of the pages. Every form works without it;
// it adds the signature pad of the customer's acceptance (P4.1), the
// print buttons, and the column names that let a list's rows show as
// cards on a phone.
(function () {
  "use strict";

  // Elements that need this script are hidden until it runs; those that
  // stand in for them are hidden once it does.
  document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll("[data-no-js]").forEach(function (el) { el.hidden = true; });

  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("[data-signature-pad]").forEach(setUpPad);

  // A customer's new link: copied to paste into WeChat.
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () {
      var field = document.getElementById(b.getAttribute("data-copy"));
      field.select();
      var done = function () { b.textContent = "已复制"; };
      if (navigator.clipboard) { navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); }); }
      else { document.execCommand("copy"); done(); }
    });
  });

  // On a narrow screen a list's rows are cards (app.css), each cell named
  // by its column's heading; without this script the list scrolls inside
  // the page instead.
  document.querySelectorAll("table.data").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (!heads.length) { return; }
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (heads[i] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[i]); }
      });
    });
    table.classList.add("cards");
  });

  function setUpPad(box) {
    var canvas = box.querySelector("canvas");
    var field = document.getElementById(box.getAttribute("data-field"));
    var clear = box.querySelector("[data-clear]");
    var status = box.querySelector("[data-status]");
    var form = field.form;
    var ctx = canvas.getContext("2d");
    var drawing = false, strokes = 0, last = null;

    function size() {
      var w = canvas.clientWidth, h = canvas.clientHeight;
      // The server takes signatures of at most 2000×1000 pixels.
      var ratio = Math.min(window.devicePixelRatio || 1, 2000 / Math.max(w, 1), 1000 / Math.max(h, 1));
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#10233f";
      strokes = 0;
      update();
    }

    function at(e) {
      var r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    }

    function update() {
      field.value = strokes > 0 ? canvas.toDataURL("image/png") : "";
      status.textContent = strokes > 0 ? "已签名。如需重签，请点击“清除重签”。" : "请在上方框内用手指或鼠标签名。";
    }

    canvas.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      drawing = true;
      last = at(e);
      if (canvas.setPointerCapture) { canvas.setPointerCapture(e.pointerId); }
      ctx.beginPath();
      ctx.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fill();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) { return; }
      e.preventDefault();
      var p = at(e);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
    });
    function end() {
      if (!drawing) { return; }
      drawing = false;
      strokes++;
      update();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);

    clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      strokes = 0;
      update();
    });
    form.addEventListener("submit", function () { update(); });
    size();
  }
})();
