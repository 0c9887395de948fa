@echo off
rem Cai dat cchc tren Windows: nhap dup vao tep nay. Can Python 3.11 tro len (python.org).
rem Install cchc on Windows: double-click this file. Needs Python 3.11+ from python.org.
rem The work is done by cai_dat.py next to this file; this file only finds Python.
chcp 65001 >nul
setlocal
set "PYEXE="
for %%V in (3.13 3.12 3.11) do (
  if not defined PYEXE (
    py -%%V -c "import sys" >nul 2>&1 && set "PYEXE=py -%%V"
  )
)
if not defined PYEXE (
  python -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>&1 && set "PYEXE=python"
)
if not defined PYEXE (
  echo.
  echo Chua co Python 3.11 tro len tren may nay.
  echo Tai Python tai https://www.python.org/downloads/windows/ - khi cai, danh dau o
  echo "Add python.exe to PATH", roi nhap dup lai tep nay. Xem huong dan: docs\cai-dat-windows.md
  echo.
  pause
  exit /b 1
)
%PYEXE% "%~dp0cai_dat.py" %*
set "RC=%ERRORLEVEL%"
echo.
pause
exit /b %RC%
