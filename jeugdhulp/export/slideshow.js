(function () {
  var dias = Array.prototype.slice.call(document.querySelectorAll("section.dia"));
  var teller = document.getElementById("teller");
  var zwart = document.getElementById("zwart");
  var getypt = document.getElementById("getypt");
  var huidig = 0;
  var cijfers = "";
  function toon(n) {
    huidig = Math.max(0, Math.min(dias.length - 1, n));
    dias.forEach(function (d, i) { d.classList.toggle("actief", i === huidig); });
    // The title slide is no. 0, the charts 1..N: the same numbers as the app's slide show and number + Enter.
    teller.textContent = huidig === 0 ? "Titeldia" : "Dia " + huidig + " van " + (dias.length - 1);
    typ("");
    dias[huidig].querySelectorAll(".plotly-graph-div").forEach(function (g) { Plotly.Plots.resize(g); });
    if (history.replaceState) { history.replaceState(null, "", "#" + huidig); }
  }
  function typ(tekst) {
    cijfers = tekst;
    getypt.textContent = cijfers ? "Naar dia " + cijfers + " (Enter)" : "";
    getypt.hidden = !cijfers;
  }
  function verduister(aan) {
    zwart.hidden = !aan;
    typ("");
  }
  document.getElementById("vorige").addEventListener("click", function () { toon(huidig - 1); });
  document.getElementById("volgende").addEventListener("click", function () { toon(huidig + 1); });
  document.getElementById("zwart-knop").addEventListener("click", function () { verduister(true); });
  zwart.addEventListener("click", function () { verduister(false); });
  document.getElementById("scherm").addEventListener("click", function () {
    if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || ["Shift", "Control", "Alt", "Meta", "CapsLock"].indexOf(e.key) >= 0) { return; }
    var opKnop = e.target && e.target.closest && e.target.closest("button, a, summary");
    // A black screen (B) comes back on any key, and that key does nothing else (as in PowerPoint).
    if (!zwart.hidden) { e.preventDefault(); verduister(false); return; }
    if ((e.key === "b" || e.key === "B") && !e.repeat) { e.preventDefault(); verduister(true); }
    else if (/^[0-9]$/.test(e.key)) { e.preventDefault(); if (cijfers.length < 4) { typ(cijfers + e.key); } }
    else if (e.key === "Backspace" && cijfers) { e.preventDefault(); typ(cijfers.slice(0, -1)); }
    else if (e.key === "Escape" && cijfers) { e.preventDefault(); typ(""); }
    else if (e.key === "Enter" && cijfers) { e.preventDefault(); var naar = parseInt(cijfers, 10); typ(""); toon(naar); }
    else if (["ArrowRight", "PageDown", " ", "Enter"].indexOf(e.key) >= 0) {
      if (opKnop && (e.key === " " || e.key === "Enter")) { return; }   // a focused button or link does its own thing
      e.preventDefault(); toon(huidig + 1);
    }
    else if (["ArrowLeft", "PageUp", "Backspace"].indexOf(e.key) >= 0) { e.preventDefault(); toon(huidig - 1); }
    else if (e.key === "Home") { toon(0); }
    else if (e.key === "End") { toon(dias.length - 1); }
  });
  var start = parseInt((location.hash || "#0").slice(1), 10);
  toon(isNaN(start) ? 0 : start);
})();
