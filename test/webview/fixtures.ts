// Markdown answers the tests stream and render: every construct the renderer must get right, including
// the ones that span blank lines (loose lists, fences with blank lines, tables after paragraphs).
export const LONG_ANSWER = `# Refactoring the cache

Here is the plan. It has **three** steps, with \`inline code\` and a [link](https://example.com/docs "Docs").

1. Read the config
2. Build the cache

3. Wire it up (this item follows a blank line, so the list is loose)

   With a second paragraph inside the item.

- bullet one
- bullet two
  - nested

> A quote that spans
> two lines.
>
> And a second paragraph.

| Option | Default | Meaning |
|:-------|:-------:|--------:|
| size   | 100     | entries |
| ttl    | 60      | seconds |

\`\`\`typescript
export class Cache<K, V> {
  private readonly map = new Map<K, V>();

  get(key: K): V | undefined {
    return this.map.get(key); // a comment
  }
}
\`\`\`

Some text right before a fence:
\`\`\`python
def main():
    print("hello")


    return 42
\`\`\`

    an indented code block

    continues after a blank line

---

Setext heading
--------------

Visit www.example.org or https://x.ai for more. A line with a hard break  
and the end of the paragraph.

2. an ordered list starting at two
3. three

~~~diff
- old
+ new
~~~

Final paragraph with *emphasis*, ~~strike~~ and a reference [ref][r].

[r]: https://example.com/ref
`;

/** A long answer: the fixture repeated with numbered sections. */
export function longAnswer(sections: number): string {
  const parts: string[] = [];
  for (let i = 1; i <= sections; i++) parts.push(LONG_ANSWER.replace('# Refactoring the cache', `# Section ${i}`));
  return parts.join('\n');
}
