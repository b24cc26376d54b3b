from regenwatch.cli import main

main()
