[playlist]
File1=calm\An Ending (Ascent).mp3
Title1=Brian Eno - An Ending (Ascent)
Length1=240
File2=calm/Rêverie #1.ogg
Title2=Rêverie #1
Length2=-1
NumberOfEntries=2
Version=2
