#!/bin/sh
# Starts fachwerk's preview of the site in this folder and opens it in the browser.
# Written by `fachwerk new site`, beside `Vorschau starten.cmd` for Windows.
# fachwerk is looked for here, one folder up and on the PATH.
dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd) || exit 1
if [ -x "$dir/fachwerk" ]; then
  fachwerk="$dir/fachwerk"
elif [ -x "$dir/../fachwerk" ]; then
  fachwerk="$dir/../fachwerk"
elif command -v fachwerk >/dev/null 2>&1; then
  fachwerk=fachwerk
else
  echo "fachwerk wurde nicht gefunden. Legen Sie das Programm fachwerk in diesen Ordner" >&2
  echo "($dir) oder in einen Ordner des PATH, z. B. ~/.local/bin." >&2
  exit 1
fi
echo "Die Vorschau startet, gleich öffnet sich der Browser. Beenden: Strg+C."
exec "$fachwerk" serve "$dir" --port 0 --open
