# bash completion for chiso: commands, each command's options, option values, file names.
_chiso()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
    fi
    local commands="convert inspect summary history units serve"
    local common="--lang -q --quiet -v --verbose -h --help -V --version"
    local read="--period --cutoff --scope --encoding --sheet --indicator --aliases"
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in convert|inspect|summary|history|units|serve) cmd=${words[i]}; break ;; esac
    done
    case $prev in
        --lang) COMPREPLY=($(compgen -W "vi en" -- "$cur")); return ;;
        --to) COMPREPLY=($(compgen -W "xlsx json csv" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "text markdown json" -- "$cur")); return ;;
        --encoding) COMPREPLY=($(compgen -W "utf-8 utf-16 cp1258 tcvn3 vni viscii" -- "$cur")); return ;;
        --indicator) COMPREPLY=($(compgen -W "diem_tong_hop xep_loai cong_khai_minh_bach tien_do_giai_quyet dvc_truc_tuyen thanh_toan_truc_tuyen so_hoa_ho_so tai_su_dung chung_thuc_dien_tu muc_do_hai_long" -- "$cur")); return ;;
        -o|--output|--rules|--previous|--aliases) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
        --title|--period|--cutoff|--scope|--sheet|--at|--port|--bind|--caption|--attached-to) return ;;
    esac
    if [ -z "$cmd" ]; then
        COMPREPLY=($(compgen -W "$commands $common" -- "$cur"))
        return
    fi
    local opts
    case $cmd in
        convert) opts="-o --output --to --rules --title --previous --force --keep-order --to-2025 --no-bom --caption --attached-to --add-classification --names-as-source $read" ;;
        inspect) opts="$read" ;;
        summary) opts="--previous --force --rules --format $read" ;;
        history) opts="-o --output --to --strict --no-bom $read" ;;
        units) opts="--at" ;;
        serve) opts="--port --bind --open --max-upload --workers" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts $common" -- "$cur"))
    elif [ "$cmd" != units ] && [ "$cmd" != serve ]; then
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
    fi
}
complete -F _chiso chiso
