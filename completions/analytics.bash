# bash completion for analytics
# Install: source this file from ~/.bashrc, or copy it to ~/.local/share/bash-completion/completions/analytics
# It passes the words typed so far to `analytics __complete`, which answers from the CLI's own
# command tree (no network), so this script never needs regenerating.
_analytics() {
    local line="${COMP_LINE:0:COMP_POINT}"
    local -a words
    read -r -a words <<< "$line"
    [[ "$line" == *[[:space:]] ]] && words+=("")
    local cur="${words[${#words[@]}-1]}"
    local IFS=$'\n'
    local -a candidates
    candidates=($(analytics __complete -- "${words[@]:1}" 2>/dev/null)) || return 0
    if [[ "${candidates[0]}" == ":files" ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    # bash splits "--range=7d" at "=", so the word it replaces is only what follows the "=".
    if [[ "$cur" == *=* && "$COMP_WORDBREAKS" == *=* ]]; then
        local prefix="${cur%%=*}="
        candidates=("${candidates[@]#"$prefix"}")
    fi
    COMPREPLY=("${candidates[@]}")
}
complete -F _analytics analytics
