/**
 * The public API's documentation, read with the TypeScript compiler: every value a package user
 * can import from the barrels (`dfsweo`, `dfsweo/sim`, `dfsweo/properties`), including the
 * members of namespaces (`GenServer.call`) and of the `ets` object, and not marked `@internal`.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './scan.js';

export const API_BARRELS = ['src/index.ts', 'sim/index.ts', 'properties/index.ts'];

/** A public value and what its JSDoc lacks. */
export interface Undocumented {
  name: string;
  where: string;
  lacks: 'doc' | 'example';
}

const hasTag = (d: ts.Node, tag: string): boolean => ts.getJSDocTags(d).some((t) => t.tagName.text === tag);

/** The public values whose JSDoc is missing or has no `@example` (types and interfaces are not read). */
export function undocumentedApi(): Undocumented[] {
  const files = API_BARRELS.map((b) => join(ROOT, b));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const seen = new Set<ts.Symbol>();
  const out: Undocumented[] = [];
  const where = (d: ts.Node): string => {
    const f = d.getSourceFile();
    return `${f.fileName.slice(ROOT.length + 1)}:${f.getLineAndCharacterOfPosition(d.getStart()).line + 1}`;
  };
  const visit = (name: string, exported: ts.Symbol): void => {
    const s = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (seen.has(s)) return;
    seen.add(s);
    const decls = s.declarations ?? [];
    const d = decls[0];
    if (d === undefined || ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d)) return;
    if (ts.isSourceFile(d) || ts.isModuleDeclaration(d)) {
      for (const m of checker.getExportsOfModule(s)) visit(`${name}.${m.name}`, m);
      return;
    }
    if (decls.some((x) => hasTag(x, 'internal'))) return;
    // An object of functions (`ets`): each function is API too.
    const init = ts.isVariableDeclaration(d) ? d.initializer : undefined;
    const obj = init !== undefined && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) ? init.expression : init;
    if (obj !== undefined && ts.isObjectLiteralExpression(obj)) {
      for (const p of obj.properties) {
        if (p.name === undefined) continue; // a spread
        const target = ts.isShorthandPropertyAssignment(p)
          ? checker.getShorthandAssignmentValueSymbol(p)
          : ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer) ? checker.getSymbolAtLocation(p.initializer) : undefined;
        if (target !== undefined) visit(`${name}.${p.name.getText()}`, target);
        else if (ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer)))) {
          visitMember(`${name}.${p.name.getText()}`, p);
        }
      }
    }
    if (!decls.some((x) => ts.getJSDocCommentsAndTags(x).length > 0)) out.push({ name, where: where(d), lacks: 'doc' });
    else if (!decls.some((x) => hasTag(x, 'example'))) out.push({ name, where: where(d), lacks: 'example' });
  };
  // A method or function written in the object itself: its own JSDoc.
  function visitMember(name: string, p: ts.ObjectLiteralElementLike): void {
    if (hasTag(p, 'internal')) return;
    if (ts.getJSDocCommentsAndTags(p).length === 0) out.push({ name, where: where(p), lacks: 'doc' });
    else if (!hasTag(p, 'example')) out.push({ name, where: where(p), lacks: 'example' });
  }
  for (const file of files) {
    const mod = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    if (mod !== undefined) for (const e of checker.getExportsOfModule(mod)) visit(e.name, e);
  }
  return out;
}
