# nightly.sh: publish out/, compared with the report it replaces
alert() { echo "funnel: $*" >&2; }  # or mail, a chat webhook, ...
funnel-report --oltp shop.db --steps home,search,product,cart,payment,confirmation \
    -o out --compare out --fail-on 'significant_drops>0' --fail-on 'overall_conversion<2.5'
status=$?
case $status in
0) ;;
4) alert "a check held, see out/index.html" ;;
*) alert "the run failed (exit $status)" ;;
esac
exit $status
