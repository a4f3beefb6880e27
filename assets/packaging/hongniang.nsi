; 红娘工作台's Windows installer (NSIS 3, built on Linux by tools/package and .ci/run):
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DEXE=/abs/hongniang.exe -DOUT=/abs/setup.exe \
;     [-DSIGN_COMMAND=/abs/tools/sign] hongniang.nsi
; (makensis works in this folder: give absolute paths)
; Installs for the current user only (no administrator needed: a station PC's account is often
; limited) into %LOCALAPPDATA%\Programs\hongniang, with shortcuts named 红娘工作台 and an entry in
; 设置 → 应用和功能. The members' data is never here: the program keeps it in
; %APPDATA%\hongniang, which installing a newer version leaves alone (the program brings the
; database up to date when it opens it) and uninstalling keeps unless the volunteer ticks the box.
; Silent: setup.exe /S [/D=C:\folder]  ·  uninstall.exe /S [/DELETEDATA]

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is missing: makensis -DVERSION=0.1.0 …"
!endif
!ifndef EXE
  !error "EXE is missing: makensis -DEXE=…\hongniang.exe …"
!endif
!ifndef OUT
  !define OUT "hongniang-setup-${VERSION}.exe"
!endif
; Signed (tools/package --sign CERT.pfx passes -DSIGN_COMMAND=/abs/tools/sign): the uninstaller is
; signed before it is packed in (the installer writes it out as signed), the installer once
; written. A failed signing fails the build. (NSIS ≥ 3.08)
!ifdef SIGN_COMMAND
  !uninstfinalize '"${SIGN_COMMAND}" "%1"' = 0
  !finalize '"${SIGN_COMMAND}" "%1"' = 0
!endif

!define APP "红娘工作台"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\hongniang"
!define DATA "$APPDATA\hongniang"

Name "${APP}"
Caption "${APP} ${VERSION} 安装"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\hongniang"
; A newer version goes where the older one is.
InstallDirRegKey HKCU "Software\hongniang" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "红娘工作台的开发者"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "../icon.ico"
!define MUI_UNICON "../icon.ico"
; The welcome and finish pages' side: the station's red with the heart (164×314, 24-bit BMP), the
; heart cut square from the icon and kept square, centred (ImageMagick, in assets/packaging):
;   convert ../icon.png -crop 176x176+41+48 +repage -resize 82x82 -background '#9B1C1C' \
;     -gravity center -extent 164x314 -alpha off -type TrueColor BMP3:wizard.bmp
; MUI fits the picture to a box measured in dialog units, which follow the dialog's font: 164×314
; only with MS Shell Dlg at 100 %; with SimpChinese's 宋体 9 the box is wider for its height (and
; larger at 125 %, 150 %). AspectFitHeight scales it to the box's height, keeping its proportions
; (the red band is then a little narrower than the box); the default stretched the heart wide.
!define MUI_WELCOMEFINISHPAGE_BITMAP "wizard.bmp"
!define MUI_WELCOMEFINISHPAGE_BITMAP_STRETCH AspectFitHeight
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "wizard.bmp"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP_STRETCH AspectFitHeight
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APP}"
!define MUI_WELCOMEPAGE_TEXT "${APP}是相亲工作站的会员登记、查找与配对程序。$\r$\n$\r$\n\
  它只为这台电脑上的这个账户安装,不需要管理员。$\r$\n$\r$\n\
  已经装过的话,直接装新版本就行:会员资料都留着。$\r$\n$\r$\n点“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\hongniang.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_COMPONENTSPAGE_TEXT_TOP "一般只卸载程序:会员资料留在这台电脑上,以后再装可以接着用。$\r$\n\
  勾上“也删除全部会员资料”,会员资料、牵线记录和备份就永久删除,无法恢复。"
!define MUI_COMPONENTSPAGE_TEXT_COMPLIST "要卸载的内容:"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; The folders above $INSTDIR that installing makes (C:\红娘程序 for a typed C:\红娘程序\工作台 that did
; not exist), deepest first, each followed by |: kept in the uninstall key as MadeFolders, and the
; uninstaller removes them again when they are empty. A folder that was there before is never in it.
Var made

Section "${APP}" SecProgram
  SectionIn RO
  ; Before SetOutPath makes them.
  StrCpy $made ""
  StrCpy $0 "$INSTDIR"
  ${Do}
    ${GetParent} "$0" $0
    ${If} $0 == ""
    ${OrIf} ${FileExists} "$0\*.*"
      ${Break}
    ${EndIf}
    StrCpy $made "$made$0|"
  ${Loop}
  ; Installed over itself, the first install's record still holds.
  ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 == "$INSTDIR"
    ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "MadeFolders"
    StrCpy $made "$made$0"
  ${EndIf}
  SetOutPath "$INSTDIR"
  ; The running program's file cannot be replaced: ask the volunteer to close it.
  retry:
    ClearErrors
    Delete "$INSTDIR\hongniang.exe"
    IfErrors 0 replace
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
      "${APP}还开着,请先把它关掉,再点“重试”。" /SD IDCANCEL IDRETRY retry
    Abort "${APP}还开着,没有安装。关掉它后再运行安装程序。"
  replace:
  File "/oname=hongniang.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\hongniang.exe" "" "$INSTDIR\hongniang.exe" 0 \
    SW_SHOWNORMAL "" "会员登记、查找与配对"
  CreateShortCut "$DESKTOP\${APP}.lnk" "$INSTDIR\hongniang.exe" "" "$INSTDIR\hongniang.exe" 0 \
    SW_SHOWNORMAL "" "会员登记、查找与配对"

  WriteRegStr HKCU "Software\hongniang" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "红娘工作台的开发者"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\hongniang.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${If} $made == ""
    DeleteRegValue HKCU "${UNINSTALL_KEY}" "MadeFolders"
  ${Else}
    WriteRegStr HKCU "${UNINSTALL_KEY}" "MadeFolders" "$made"
  ${EndIf}
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.程序和快捷方式" SecUnProgram
  SectionIn RO
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  Delete "$INSTDIR\hongniang.exe"
  Delete "$INSTDIR\uninstall.exe"
  SetOutPath "$TEMP" ; a folder in use as the working directory cannot be removed
  RMDir "$INSTDIR"
  ; The folders the installer made above $INSTDIR, deepest first; RMDir without /r removes only an
  ; empty one, and only a folder that holds $INSTDIR is touched.
  ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "MadeFolders"
  StrCpy $1 0
  StrCpy $2 ""
  ${Do}
    StrCpy $3 "$0" 1 $1
    ${If} $3 == ""
      ${Break}
    ${EndIf}
    IntOp $1 $1 + 1
    ${If} $3 != "|"
      StrCpy $2 "$2$3"
      ${Continue}
    ${EndIf}
    StrLen $4 "$2\"
    StrCpy $5 "$INSTDIR" $4
    ${If} $5 == "$2\"
      RMDir "$2"
    ${EndIf}
    StrCpy $2 ""
  ${Loop}
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\hongniang"
SectionEnd

; Unticked unless the volunteer ticks it (silent: only with /DELETEDATA).
Section /o "un.也删除全部会员资料" SecUnData
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
    "所有会员资料、牵线记录和这台电脑上的备份都会被永久删除,无法恢复。$\r$\n$\r$\n确定要删除吗?" \
    /SD IDYES IDYES erase
  DetailPrint "会员资料没有删除。"
  Goto done
  erase:
    RMDir /r "${DATA}"
    RMDir /r "$LOCALAPPDATA\hongniang"
    DetailPrint "会员资料已删除。"
  done:
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnProgram} "删除程序和它的快捷方式。会员资料留着。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnData} \
    "连会员资料、牵线记录和备份一起删除。只在这台电脑以后不再用来做红娘工作时才勾选;要搬到新电脑,先在程序里做备份。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  IfErrors +2 0
  SectionSetFlags ${SecUnData} ${SF_SELECTED}
FunctionEnd
