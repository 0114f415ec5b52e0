/**
 * The parsed form of a search query. The parser builds it, the compiler turns it into SQL; keeping it a
 * plain data structure lets both steps be tested on their own and lets callers inspect or rewrite queries.
 */

/** Fields whose values are searched as text in the full-text index. */
export type TextField = 'from' | 'to' | 'cc' | 'subject' | 'body' | 'filename';

export const TEXT_FIELDS: readonly TextField[] = ['from', 'to', 'cc', 'subject', 'body', 'filename'];

/** Every field the language knows, in the order error messages list them. */
export const KNOWN_FIELDS: readonly string[] = [
  ...TEXT_FIELDS,
  'folder',
  'label',
  'account',
  'has',
  'before',
  'after',
  'larger',
  'smaller',
];

/**
 * A word, "quoted phrase" or prefix*, in one field or (field null) in all text fields. `text` is what the
 * user typed (without quotes or the trailing `*`); tokenising, case folding and CJK segmentation happen
 * in the compiler so the tree stays readable.
 */
export interface TermNode {
  readonly kind: 'term';
  readonly field: TextField | null;
  readonly text: string;
  /** The user quoted it. Compiles the same as a bare word (both become an FTS5 phrase); kept for display. */
  readonly phrase: boolean;
  /** Trailing `*`: the last word matches as a prefix. */
  readonly prefix: boolean;
}

/** folder:PATH: messages in that folder or any folder below it. */
export interface FolderNode {
  readonly kind: 'folder';
  readonly path: string;
}

/**
 * label:NAME: messages carrying that Gmail label or one below it (Work finds Work/Travel). `key` is the
 * label folded as labels-repo.ts stores it: no case, no accents, no backslash (label:inbox is `\Inbox`).
 */
export interface LabelNode {
  readonly kind: 'label';
  readonly key: string;
}

/** account:NAME: messages in any folder of that account. */
export interface AccountNode {
  readonly kind: 'account';
  readonly name: string;
}

/** has:attachment */
export interface HasAttachmentNode {
  readonly kind: 'hasAttachment';
}

/** after:X is `date >= start of X`, before:X is `date < start of X`; `ms` is that start, UTC epoch ms. */
export interface DateNode {
  readonly kind: 'date';
  readonly op: 'before' | 'after';
  readonly ms: number;
}

/** larger:N is `size > N`, smaller:N is `size < N`, in bytes. */
export interface SizeNode {
  readonly kind: 'size';
  readonly op: 'larger' | 'smaller';
  readonly bytes: number;
}

/** Two or more children, flattened: the parser never nests an `and` directly inside an `and`. */
export interface AndNode {
  readonly kind: 'and';
  readonly children: readonly QueryNode[];
}

/** Two or more children, flattened like AndNode. */
export interface OrNode {
  readonly kind: 'or';
  readonly children: readonly QueryNode[];
}

export interface NotNode {
  readonly kind: 'not';
  readonly child: QueryNode;
}

export type QueryNode =
  | TermNode
  | FolderNode
  | LabelNode
  | AccountNode
  | HasAttachmentNode
  | DateNode
  | SizeNode
  | AndNode
  | OrNode
  | NotNode;

export function isTextField(name: string): name is TextField {
  return (TEXT_FIELDS as readonly string[]).includes(name);
}
