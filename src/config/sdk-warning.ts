// Imported first by the CLI entry point. The AWS SDK prints an eight-line NodeVersionSupportWarning
// when its first client is built on a Node version it will stop supporting; on every command that
// noise hides the one line a command prints. The SDK's documented switch for it is this variable;
// a value the user set (e.g. `false` to see it) is kept, and no other warning is touched.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
