/** The languages whose comments cronpack reads METADATA from (extract/ detects them). */
export type Language = 'perl' | 'shell' | 'python' | 'ruby' | 'javascript' | 'typescript' | 'php';
