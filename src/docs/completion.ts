/** `jool --completion bash`: made from the option table, so it knows every flag --help lists. */
import { OPTIONS } from '../options.js';

export function bashCompletion(): string {
  const flags = OPTIONS.flatMap((o) => [`--${o.long}`, ...(o.short === undefined ? [] : [`-${o.short}`])]).join(' ');
  const files = OPTIONS.filter((o) => o.value === 'file' || o.value === 'path').map((o) => `--${o.long}`);
  const valued = OPTIONS.filter((o) => o.value !== undefined && !files.includes(`--${o.long}`) && o.long !== 'completion');
  const noCompletion = valued.flatMap((o) => [`--${o.long}`, ...(o.short === undefined ? [] : [`-${o.short}`])]);
  return `# bash completion for jool (pool4): source it, or save it as
# /etc/bash_completion.d/jool. Made by \`jool --completion bash\`.
_jool() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    ${files.join('|')})
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
    --completion)
      COMPREPLY=($(compgen -W "bash" -- "$cur"))
      return ;;
    ${noCompletion.join('|')})
      return ;;
  esac
  COMPREPLY=($(compgen -W "${flags}" -- "$cur"))
}
complete -o default -F _jool jool
`;
}
