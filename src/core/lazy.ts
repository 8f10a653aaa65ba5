/**
 * A value built on first use and kept: for module-level constants that are costly to build
 * (validation schemas) and not needed by every cold start.
 *
 * @example
 * const schema = lazy(() => z.strictObject({ name: z.string() }));
 * schema().safeParse(input);
 */
export function lazy<T>(build: () => T): () => T {
  let built: { readonly value: T } | null = null;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
