import { useState } from 'preact/hooks';
import { humanError } from '../errors.ts';
import { navigate } from '../router.ts';
import { search } from '../search.ts';

export function SearchBox() {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const outcome = await search(text);
      if ('path' in outcome) {
        setText('');
        navigate(outcome.path);
      } else setProblem(outcome.problem);
    } catch (error) {
      setProblem(humanError(error).text);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="search" role="search" onSubmit={submit}>
      <input
        type="search"
        name="q"
        value={text}
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
        placeholder="Address, tx id, item id, height, asset, registry"
        aria-label="Search the ledger"
        autocomplete="off"
        spellcheck={false}
      />
      <button type="submit" disabled={busy}>
        Search
      </button>
      {problem !== undefined && (
        <p class="search-problem" role="status">
          {problem}
        </p>
      )}
    </form>
  );
}
