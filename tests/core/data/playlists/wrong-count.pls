[playlist]
File1=calm/An Ending (Ascent).mp3
Title1=Brian Eno - An Ending (Ascent)
Title2=Orphan title
File3=calm/Rêverie #1.ogg
NumberOfEntries=5
Version=2
