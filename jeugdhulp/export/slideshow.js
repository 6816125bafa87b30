(function () {
  var dias = Array.prototype.slice.call(document.querySelectorAll("section.dia"));
  var teller = document.getElementById("teller");
  var huidig = 0;
  function toon(n) {
    huidig = Math.max(0, Math.min(dias.length - 1, n));
    dias.forEach(function (d, i) { d.classList.toggle("actief", i === huidig); });
    teller.textContent = "Dia " + (huidig + 1) + " van " + dias.length;
    dias[huidig].querySelectorAll(".plotly-graph-div").forEach(function (g) { Plotly.Plots.resize(g); });
    if (history.replaceState) { history.replaceState(null, "", "#" + (huidig + 1)); }
  }
  document.getElementById("vorige").addEventListener("click", function () { toon(huidig - 1); });
  document.getElementById("volgende").addEventListener("click", function () { toon(huidig + 1); });
  document.getElementById("scherm").addEventListener("click", function () {
    if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
  });
  document.addEventListener("keydown", function (e) {
    if (["ArrowRight", "PageDown", " ", "Enter"].indexOf(e.key) >= 0) { e.preventDefault(); toon(huidig + 1); }
    else if (["ArrowLeft", "PageUp", "Backspace"].indexOf(e.key) >= 0) { e.preventDefault(); toon(huidig - 1); }
    else if (e.key === "Home") { toon(0); }
    else if (e.key === "End") { toon(dias.length - 1); }
  });
  var start = parseInt((location.hash || "#1").slice(1), 10);
  toon(isNaN(start) ? 0 : start - 1);
})();
