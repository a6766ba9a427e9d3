"""Mexican Spanish for the few strings of Qt's own dialogs that qtbase_es leaves in
English or says in Spain's Spanish ("fichero"): the file dialog the attorney uses to
attach evidence and save backups read "&Look in:", "Files of &type:" and "Nombre de
fichero".

A QTranslator subclass answers only these (context, source) pairs and defers to
qtbase_es for everything else; installed after it, Qt asks it first.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

# (context, source text as in Qt's sources) -> Mexican Spanish, per language.
FIXES: dict[str, dict[tuple[str, str], str]] = {
    "es": {
        ("QFileDialog", "&Look in:"): "&Buscar en:",
        ("QFileDialog", "Look in:"): "Buscar en:",
        ("QFileDialog", "Files of &type:"): "Archivos de &tipo:",
        ("QFileDialog", "Files of type:"): "Archivos de tipo:",
        ("QFileDialog", "File &name:"): "&Nombre del archivo:",
        ("QFileDialog", "File name:"): "Nombre del archivo:",
        ("QFileDialog", "All Files (*)"): "Todos los archivos (*)",
        ("QFileDialog", "Show &hidden files"): "Mostrar archivos &ocultos",
        ("QFileDialog", "&Delete"): "&Eliminar",
        ("QFileDialog", "File"): "Archivo",
        ("QFileDialog", "Directory:"): "Carpeta:",
        ("QFileDialog", "Directories"): "Carpetas",
        ("QFileDialog", "Parent Directory"): "Carpeta superior",
        ("QFileDialog", "Create New Folder"): "Crear carpeta nueva",
        (
            "QFileDialog",
            "%1 already exists.\nDo you want to replace it?",
        ): "%1 ya existe.\n¿Quieres reemplazarlo?",
        (
            "QFileDialog",
            "%1\nFile not found.\nPlease verify the correct file name was given.",
        ): "%1\nNo se encontró el archivo.\nRevisa que el nombre sea correcto.",
        (
            "QFileDialog",
            "Are you sure you want to delete '%1'?",
        ): "¿Segura que quieres eliminar «%1»?",
        ("QFileSystemModel", "File Folder"): "Carpeta",
    },
}


class QtWording(QTranslator):
    """Answers the FIXES of one language; None (not found) for anything else."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.fixes = FIXES.get(language, {})

    def isEmpty(self) -> bool:
        return not self.fixes

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None is a null QString, "not mine": Qt asks the next translator (qtbase_es).
        # An empty str is a found, empty translation: "Cerrar", "Ctrl"… came out blank.
        return self.fixes.get((context, source_text))
