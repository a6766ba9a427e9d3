; Inno Setup 6 script: installs the PyInstaller folder (build\dist\reunify) for the
; current user only, into %LOCALAPPDATA%\Programs\reunify: no administrator rights, no
; UAC prompt. Start menu shortcut to reunify-gui.exe; optional desktop shortcut.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\reunify.iss
;       -> build\installer\reunify-0.1.0-setup.exe
;
; Uninstalling removes the program only: vaults, backups and preferences stay in
; %LOCALAPPDATA%\reunify (reunify.paths), so a reinstall finds them again.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "reunify"
#define AppExe "reunify-gui.exe"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installed copy by it.
AppId={{1027DBBC-0DFF-4714-A2BF-F876715356E8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=reunify
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\build\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\build\pyinstaller\reunify\icons\reunify.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/ultra64
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; Code signing (release step): define a sign tool named "signtool" in the Inno Setup
; IDE or pass /Ssigntool="signtool.exe sign /fd sha256 /tr http://timestamp.example /td sha256 $f"
; to iscc, then uncomment:
; SignTool=signtool

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole runtime folder: no library of the old version is left
; beside the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\build\dist\reunify\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
