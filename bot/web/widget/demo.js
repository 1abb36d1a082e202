/* Demo page only: the hero button opens the widget through its small public API. */
document.getElementById("open-chat").addEventListener("click", function () {
  if (window.MegviiPrivacyWidget) { window.MegviiPrivacyWidget.open(); }
});
