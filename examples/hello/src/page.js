export function page(greeting, path) {
  return `${greeting}!\nYou asked for ${path}.\n`;
}
