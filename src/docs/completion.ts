/**
 * `jool --completion bash`: made from both dialects' option tables, so it knows every flag --help
 * lists. Jool 3 flags once `--pool4` or `-4` is typed; otherwise Jool 4's modes, then their
 * operations (abbreviated words resolve as jool resolves them), then the operation's options.
 */
import { OPTIONS } from '../cli/jool3-options.js';
import { GLOBAL_OPTIONS, MODES } from '../cli/jool4-options.js';
import type { ArgpOption } from '../cli/argp.js';
import { GLOBAL_NAMES, GLOBALS } from '../global/globals.js';
import { RELEASES } from '../releases/releases.js';

const flagsOf = (o: ArgpOption) => [`--${o.name}`, ...(o.short === undefined ? [] : [`-${o.short}`])];

export function bashCompletion(): string {
  const flags = OPTIONS.flatMap((o) => [`--${o.long}`, ...(o.short === undefined ? [] : [`-${o.short}`])]).join(' ');
  const files = OPTIONS.filter((o) => o.value === 'file' || o.value === 'path').map((o) => `--${o.long}`);
  const valued = OPTIONS.filter((o) => o.value !== undefined && !files.includes(`--${o.long}`) && !['completion', 'syntax', 'jool-version'].includes(o.long));
  const noCompletion = valued.flatMap((o) => [`--${o.long}`, ...(o.short === undefined ? [] : [`-${o.short}`])]);
  const bools = GLOBALS.filter((g) => g.type === 'bool').map((g) => g.name);
  const globalValued = GLOBAL_OPTIONS.filter((o) => o.value !== undefined).flatMap(flagsOf);
  const modeCases = MODES.map((m) => `      ${m.name}) ops="${m.operations.map((o) => o.name).join(' ')}" ;;`).join('\n');
  const opCases = MODES.flatMap((m) => m.operations.map((op) => `      "${m.name} ${op.name}") opts="${[...op.options.flatMap(flagsOf), '--help'].join(' ')}" ;;`)).join('\n');
  return `# bash completion for jool (pool4): source it, or save it as
# /etc/bash_completion.d/jool. Made by \`jool --completion bash\`.
_jool_resolve() { # a word, possibly abbreviated, among the labels that follow it
  local word=$1 label match= n=0; shift
  for label; do
    [[ $label == "$word" ]] && { echo "$label"; return; }
    [[ $label == "$word"* ]] && { match=$label; n=$((n + 1)); }
  done
  ((n == 1)) && echo "$match"
}
_jool() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} w i mode= op= key= ops= opts= jool3=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in --pool4|-4*) jool3=1 ;; esac
  done
  if [[ -z $jool3 ]]; then
    for ((i = 1; i < COMP_CWORD; i++)); do
      w=\${COMP_WORDS[i]}
      case $w in
        ${globalValued.join('|')}) [[ -z $mode ]] && i=$((i + 1)) ;;
        -*) ;;
        *) if [[ -z $mode ]]; then mode=$(_jool_resolve "$w" ${MODES.map((m) => m.name).join(' ')}); [[ -z $mode ]] && return
           elif [[ -z $op ]]; then op=$w
           elif [[ -z $key ]]; then key=$w; fi ;;
      esac
    done
  fi
  if [[ -n $mode ]]; then
    case $mode in
${modeCases}
    esac
    if [[ -z $op ]]; then
      COMPREPLY=($(compgen -W "$ops" -- "$cur"))
      return
    fi
    op=$(_jool_resolve "$op" $ops)
    if [[ "$mode $op" == "global update" && $cur != -* ]]; then
      # The key, then its value: words for the bools.
      if [[ -z $key ]]; then COMPREPLY=($(compgen -W "${GLOBAL_NAMES.join(' ')}" -- "$cur")); return; fi
      case $(_jool_resolve "$key" ${GLOBAL_NAMES.join(' ')}) in
        ${bools.join('|')}) COMPREPLY=($(compgen -W "true false" -- "$cur")) ;;
      esac
      return
    fi
    case "$mode $op" in
${opCases}
    esac
    case $prev in --mark|--max-iterations|--pool6|-6) return ;; esac
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
    return
  fi
  case $prev in
    ${[...files, '--file', '-f'].join('|')})
      [[ -z $jool3 || $prev != -f ]] && { COMPREPLY=($(compgen -f -- "$cur")); return; } ;;
    --completion)
      COMPREPLY=($(compgen -W "bash" -- "$cur"))
      return ;;
    --syntax)
      COMPREPLY=($(compgen -W "jool3 jool4" -- "$cur"))
      return ;;
    --jool-version)
      COMPREPLY=($(compgen -W "${RELEASES.jool4.join(' ')}" -- "$cur"))
      return ;;
    ${noCompletion.join('|')})
      return ;;
  esac
  if [[ -z $jool3 && $cur != -* ]]; then
    COMPREPLY=($(compgen -W "${MODES.map((m) => m.name).join(' ')}" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -W "${flags}" -- "$cur"))
}
complete -o default -F _jool jool
`;
}
