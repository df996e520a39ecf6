@echo off
rem Starts fachwerk's preview of the site in this folder and opens it in the browser.
rem Written by `fachwerk new site`; editors start it with a double click. A free port
rem is chosen (--port 0), so a second start works too and the browser finds it.
rem fachwerk.exe is looked for here, one folder up, on the PATH, in
rem %LOCALAPPDATA%\Programs\fachwerk and in the unzipped download in Downloads.
rem ASCII only: cmd.exe reads batch files in the console's code page, not UTF-8.
setlocal
set "FACHWERK="
if exist "%~dp0fachwerk.exe" set "FACHWERK=%~dp0fachwerk.exe"
if not defined FACHWERK if exist "%~dp0..\fachwerk.exe" set "FACHWERK=%~dp0..\fachwerk.exe"
if not defined FACHWERK for /f "delims=" %%F in ('where fachwerk.exe 2^>nul') do if not defined FACHWERK set "FACHWERK=%%F"
if not defined FACHWERK if exist "%LOCALAPPDATA%\Programs\fachwerk\fachwerk.exe" set "FACHWERK=%LOCALAPPDATA%\Programs\fachwerk\fachwerk.exe"
rem The newest unzipped download first (dir sorts by name, descending).
if not defined FACHWERK for /f "delims=" %%D in ('dir /b /ad /o-n "%USERPROFILE%\Downloads\fachwerk-*" 2^>nul') do if not defined FACHWERK if exist "%USERPROFILE%\Downloads\%%D\fachwerk.exe" set "FACHWERK=%USERPROFILE%\Downloads\%%D\fachwerk.exe"
if not defined FACHWERK echo fachwerk.exe wurde nicht gefunden.
if not defined FACHWERK echo Laden Sie das ZIP-Archiv von fachwerk fuer Windows herunter und entpacken Sie es
if not defined FACHWERK echo im Ordner Downloads: Rechtsklick auf das Archiv, dann "Alle extrahieren".
if not defined FACHWERK echo Oder legen Sie fachwerk.exe in diesen Ordner: "%~dp0"
if not defined FACHWERK pause
if not defined FACHWERK exit /b 1
echo Die Vorschau startet, gleich oeffnet sich der Browser mit der Website.
echo Beenden: dieses Fenster schliessen.
echo.
"%FACHWERK%" serve "%~dp0." --port 0 --open
echo.
echo Die Vorschau ist beendet. Eine beliebige Taste schliesst dieses Fenster.
pause >nul
