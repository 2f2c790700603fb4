#!/usr/bin/env bash
# Copia a static/vendor/ los recursos de interfaz fijados en vendor/package.json (sin CDN):
# Bootstrap (CSS y JS minificados con sus .map, que collectstatic necesita) y Chart.js (UMD
# minificado), cada uno con su licencia. De Bootstrap Icons no copia el CSS ni las fuentes
# completos: scripts/iconos.py escribe un CSS y una woff2 con solo los íconos `bi-*` que usa el
# código (un ícono nuevo pide volver a correr esto). Uso: make vendor
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --prefix vendor --no-audit --no-fund --ignore-scripts
src=vendor/node_modules
dst=static/vendor
rm -rf "$dst/bootstrap" "$dst/bootstrap-icons" "$dst/chart.js"
mkdir -p "$dst/bootstrap/css" "$dst/bootstrap/js" "$dst/bootstrap-icons/fonts" "$dst/chart.js"

cp "$src/bootstrap/dist/css/bootstrap.min.css" "$src/bootstrap/dist/css/bootstrap.min.css.map" "$dst/bootstrap/css/"
cp "$src/bootstrap/dist/js/bootstrap.bundle.min.js" "$src/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$dst/bootstrap/js/"
cp "$src/bootstrap/LICENSE" "$dst/bootstrap/LICENSE"
cp "$src/bootstrap-icons/LICENSE" "$dst/bootstrap-icons/LICENSE"
cp "$src/chart.js/dist/chart.umd.min.js" "$src/chart.js/dist/chart.umd.min.js.map" "$dst/chart.js/"
cp "$src/chart.js/LICENSE.md" "$dst/chart.js/LICENSE.md"

for paquete in bootstrap chart.js; do
  node -e "const p=require('./$src/$paquete/package.json'); console.log(p.name+' '+p.version+' ('+p.license+')')" > "$dst/$paquete/VERSION"
done
# El CSS, la woff2 y el VERSION de bootstrap-icons, recortados a los íconos en uso.
scripts/uv run --frozen python scripts/iconos.py
echo "Recursos copiados a $dst:"
cat "$dst"/*/VERSION
