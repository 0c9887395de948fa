// cchc local page: small, optional helpers (the page works without JavaScript).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // "Chép lời nhắn": copy the textarea just before the button.
  document.querySelectorAll("button.copy").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var box = btn.previousElementSibling && btn.previousElementSibling.querySelector("textarea");
      if (!box) { return; }
      box.select();
      var done = function () { btn.textContent = "Đã chép"; };
      if (navigator.clipboard) { navigator.clipboard.writeText(box.value).then(done, function () { document.execCommand("copy"); done(); }); }
      else { document.execCommand("copy"); done(); }
    });
  });
  // The file box: a Vietnamese button over the hidden file input, drag and drop, the names chosen listed.
  var drop = document.querySelector(".drop");
  if (drop) {
    var input = drop.querySelector("input[type=file]"), chosen = drop.querySelector(".chosen");
    var show = function () {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      chosen.textContent = names.length ? "Đã chọn " + names.length + " tệp: " + names.join(", ") + "." : "Chưa chọn tệp nào.";
      drop.classList.toggle("has-files", names.length > 0);
    };
    ["dragenter", "dragover"].forEach(function (e) { drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("over"); }); });
    ["dragleave", "drop"].forEach(function (e) { drop.addEventListener(e, function () { drop.classList.remove("over"); }); });
    drop.addEventListener("drop", function (ev) { ev.preventDefault(); input.files = ev.dataTransfer.files; show(); });
    input.addEventListener("change", show);
    show();  // a page restored from the history keeps its files
  }
  // A job page: poll its state until it is done.
  var job = document.querySelector(".job");
  if (job && (job.dataset.state === "chờ" || job.dataset.state === "đang chạy")) {
    var bar = job.querySelector("progress"), label = job.querySelector(".job-label"),
        message = job.querySelector(".job-message"), links = job.querySelector(".job-links");
    var poll = function () {
      fetch("/viec/" + job.dataset.job + "/trang-thai", { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.max = s.total || 1; bar.value = s.done;
          label.textContent = s.state === "xong" ? "Đã xong." : s.state === "lỗi" ? "Không thực hiện được." :
            "Đang làm" + (s.label ? ": " + s.label : "") + " (" + s.done + "/" + s.total + ")…";
          job.dataset.state = s.state;
          if (s.state === "xong" || s.state === "lỗi") {
            message.textContent = s.error || s.message;
            if (s.error) { message.className = "job-message notice bad"; }
            links.textContent = "";
            s.links.forEach(function (l) {
              var li = document.createElement("li"), a = document.createElement("a");
              a.href = l.url; a.textContent = l.text; a.className = "button primary";
              li.appendChild(a); links.appendChild(li);
            });
          } else { setTimeout(poll, 400); }
        })
        .catch(function () { setTimeout(poll, 1000); });
    };
    poll();
  }
});
