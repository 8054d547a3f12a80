// TODO(extension helper): the VS Code client (vscode-languageclient) lives here.
export function activate(): void {}
export function deactivate(): void {}
