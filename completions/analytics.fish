# fish completion for analytics
# Install: copy to ~/.config/fish/completions/analytics.fish, or: analytics completion fish | source
# It passes the words typed so far to `analytics __complete`, which answers from the CLI's own
# command tree (no network), so this script never needs regenerating.
function __analytics_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l current (commandline -ct)
    set -l candidates (analytics __complete -- $tokens "$current" 2>/dev/null)
    if test "$candidates[1]" = ":files"
        __fish_complete_path "$current"
        return
    end
    printf '%s\n' $candidates
end
complete -c analytics -f -a '(__analytics_complete)'
