// Botón de imprimir del certificado (sin JavaScript en línea).
document.addEventListener("click", function (evento) {
  if (evento.target.closest("[data-imprimir]")) { evento.preventDefault(); window.print(); }
});
