#!/usr/bin/env bash
# Carga y resistencia en loopback (no es una prueba cronometrada de la suite): gunicorn con TLS
# propio en 127.0.0.1, PostgreSQL con la demo y CASOS casos de escala, y locust sin interfaz con
# los recorridos de gestores, coordinador y secretaría. Al final: peticiones, errores, p50/p95,
# memoria de los procesos de gunicorn al empezar y al terminar, y radicados sin repetir ni saltar.
#
#   scripts/carga.sh                     # 50 usuarios, 10 minutos, 100.000 casos
#   USUARIOS=20 DURACION=2m CASOS=10000 scripts/carga.sh
#   PAUSA=rapida scripts/carga.sh        # pausas de 1-4 s en vez de 5-15 s (forzar la máquina)
#   REUSAR_BASE=1 scripts/carga.sh       # sobre la base de una corrida anterior (para iterar)
#
# REUSAR_BASE=1 se salta la base nueva (unos 3 minutos con 100.000 casos): sirve para comparar
# un cambio con el anterior, pero la base trae los casos que registraron las corridas anteriores.
# BASE elige otro nombre de base (dos personas midiendo en la misma máquina no se pisan);
# PROCESOS y HILOS, los de gunicorn (3 y 4).
set -euo pipefail
cd "$(dirname "$0")/.."
USUARIOS=${USUARIOS:-50}
DURACION=${DURACION:-10m}
CASOS=${CASOS:-100000}
PUERTO=${PUERTO:-8443}
BASE=${BASE:-convivencia_carga}
PROCESOS=${PROCESOS:-3}  # de gunicorn, cada uno con HILOS hilos
HILOS=${HILOS:-4}
TMP=$(mktemp -d)
UV=scripts/uv
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$BASE"

if [ -n "${REUSAR_BASE:-}" ]; then
  echo "== Base $BASE de una corrida anterior (REUSAR_BASE): solo migrar"
  DEBUG=1 $UV run python manage.py migrate --noinput -v 0
else
  echo "== Base $BASE: migrar, demo y $CASOS casos de escala"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $BASE" -c "CREATE DATABASE $BASE"
  DEBUG=1 $UV run python manage.py migrate --noinput -v 0
  DEBUG=1 $UV run python manage.py cargar_demo > /dev/null
  DEBUG=1 $UV run python manage.py sembrar_escala --casos "$CASOS" > /dev/null
fi
# Una cuenta de gestor por usuario virtual (cada uno con sus casos, como en la calle).
DEBUG=1 $UV run python scripts/carga/cuentas.py "$USUARIOS"
CASOS_ANTES=$(psql -h 127.0.0.1 -U postgres -d "$BASE" -qAt -c "SELECT count(*) FROM casos_caso")

echo "== gunicorn con TLS en https://127.0.0.1:$PUERTO ($PROCESOS procesos de $HILOS hilos)"
export DEBUG=0 SECRET_KEY="carga-$(date +%s)" ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$TMP/static"
export CACHE_TABLA=convivencia_cache CONN_MAX_AGE=60 LOG_LEVEL=WARNING
$UV run python manage.py createcachetable
$UV run python manage.py collectstatic --noinput -v 0
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
  -keyout "$TMP/clave.pem" -out "$TMP/cert.pem" 2> /dev/null
$UV run gunicorn convivencia.wsgi --bind "127.0.0.1:$PUERTO" --workers "$PROCESOS" \
  --worker-class gthread --threads "$HILOS" --keep-alive 10 --certfile "$TMP/cert.pem" --keyfile "$TMP/clave.pem" \
  --pid "$TMP/gunicorn.pid" --daemon --error-logfile "$TMP/gunicorn.log"
for _ in $(seq 30); do curl -sk "https://127.0.0.1:$PUERTO/salud/" > /dev/null && break; sleep 1; done
memoria() { ps -o rss= --ppid "$(cat "$TMP/gunicorn.pid")" | awk '{s=s" "int($1/1024)"MB"} END {print s}'; }
# Segundos de CPU (usuario + sistema) de cada proceso, por pid: los de gunicorn y los de
# PostgreSQL que atienden esta base. Al final se restan: quién usó los 2 núcleos.
cpu_de() { for pid in "$@"; do awk -v p="$pid" '{print p, ($14 + $15) / 100}' "/proc/$pid/stat" 2> /dev/null; done; }
pids_gunicorn() { pgrep -P "$(cat "$TMP/gunicorn.pid")"; }
pids_base() { pgrep -f "postgres: .* $BASE "; }
echo "Memoria de los procesos al empezar:$(memoria)"
( while sleep 60; do echo "  $(date +%H:%M):$(memoria)"; done ) > "$TMP/memoria.txt" &
VIGIA=$!
cpu_de $(pids_gunicorn) > "$TMP/cpu_gunicorn_antes"
cpu_de $(pids_base) > "$TMP/cpu_base_antes"

echo "== locust: $USUARIOS usuarios durante $DURACION"
MUESTRAS="$TMP/muestras.tsv" /usr/bin/time -f "%U %S" -o "$TMP/cpu_locust" \
  $UV run locust -f scripts/carga/locustfile.py \
  --headless -u "$USUARIOS" -r 5 -t "$DURACION" --host "https://127.0.0.1:$PUERTO" \
  --csv "$TMP/carga" --only-summary 2>&1 | tail -n 40 || true
cpu_de $(pids_gunicorn) > "$TMP/cpu_gunicorn_despues"
cpu_de $(pids_base) > "$TMP/cpu_base_despues"
echo "Memoria de los procesos al terminar:$(memoria)"
kill "$VIGIA"
echo "Memoria minuto a minuto:"; cat "$TMP/memoria.txt"
kill "$(cat "$TMP/gunicorn.pid")"
gastado() { awk 'NR == FNR {antes[$1] = $2; next} {s += $2 - antes[$1]} END {printf "%.0f", s}' "$1" "$2"; }
echo "CPU durante la prueba: gunicorn $(gastado "$TMP/cpu_gunicorn_antes" "$TMP/cpu_gunicorn_despues") s," \
  "PostgreSQL (esta base) $(gastado "$TMP/cpu_base_antes" "$TMP/cpu_base_despues") s," \
  "locust $(awk '{printf "%.0f", $1 + $2}' "$TMP/cpu_locust") s"

echo "== Radicados: ni repetidos ni saltados"
psql -h 127.0.0.1 -U postgres -d "$BASE" -qAt -c "
  SELECT count(*) AS casos,
         count(*) - count(DISTINCT radicado) AS repetidos,
         (SELECT count(*) FROM (
            SELECT municipio_id, anio FROM casos_caso GROUP BY municipio_id, anio
            HAVING max(consecutivo) <> count(*) OR min(consecutivo) <> 1) AS g) AS series_con_huecos
  FROM casos_caso" | awk -F'|' -v antes="$CASOS_ANTES" \
  '{print "casos=" $1 " registrados_en_la_prueba=" $1 - antes " repetidos=" $2 " series_con_huecos=" $3}'
python3 - "$TMP/carga_stats.csv" "$TMP/carga_exceptions.csv" "$TMP/muestras.tsv" <<'PY'
import csv, sys
excepciones = sum(int(f["Count"]) for f in csv.DictReader(open(sys.argv[2])))
print(f"excepciones_en_los_recorridos={excepciones}")
muestras = [linea.split("\t") for linea in open(sys.argv[3], encoding="utf-8")]
def p95(tiempos):
    tiempos = sorted(tiempos)
    return tiempos[min(len(tiempos) - 1, int(0.95 * len(tiempos)))] if tiempos else 0
despues = [float(m[2]) for m in muestras if float(m[0]) >= 60]
sin_ingreso = [float(m[2]) for m in muestras if m[1] != "ingreso"]
print(f"p95_sin_el_primer_minuto={p95(despues):.0f}ms ({len(despues)} peticiones) "
      f"p95_sin_los_ingresos={p95(sin_ingreso):.0f}ms")
for fila in csv.DictReader(open(sys.argv[1])):
    if fila["Name"] == "Aggregated":
        print(f"peticiones={fila['Request Count']} errores={fila['Failure Count']} "
              f"p50={fila['50%']}ms p95={fila['95%']}ms p99={fila['99%']}ms "
              f"por_segundo={float(fila['Requests/s']):.1f}")
PY
